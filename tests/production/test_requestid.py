"""Tests for demijohn.production.requestid: one ID per request, echoed, in every log record."""

from __future__ import annotations

import asyncio
import logging
import re
import typing as t

import pytest

from demijohn import Demijohn
from demijohn.production import Production, RequestIDFilter, request_id
from demijohn.testing import DemijohnClient

HEX_ID = re.compile(r"[0-9a-f]{32}")
log = logging.getLogger("shop.orders")


@pytest.fixture
def view(app: Demijohn, production: Production) -> None:
    @app.route("/")
    def index() -> str:
        log.warning("in the view")
        return request_id() or "none"


@pytest.mark.usefixtures("view")
class TestRequestID:
    def test_made_echoed_and_given_to_code(self, client: DemijohnClient) -> None:
        first, second = client.get("/"), client.get("/")
        assert HEX_ID.fullmatch(first.text)
        assert first.headers["X-Request-ID"] == first.text
        assert second.text != first.text

    def test_a_clients_id_is_not_trusted_without_a_proxy(self, client: DemijohnClient) -> None:
        response = client.get("/", headers={"X-Request-ID": "forged"})
        assert HEX_ID.fullmatch(response.text)

    def test_none_outside_requests(self, app: Demijohn) -> None:
        assert request_id() is None
        with app.app_context():
            assert request_id() is None

    def test_in_every_log_record_of_the_request(
        self, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        response = client.get("/")
        (record,) = [r for r in caplog.records if r.name == "shop.orders"]
        assert record.request_id == response.text  # type: ignore[attr-defined]
        log.warning("outside")
        assert caplog.records[-1].request_id == "-"  # type: ignore[attr-defined]


class TestTrustedProxy:
    @pytest.fixture
    def app(self, app: Demijohn) -> Demijohn:
        app.config["TRUSTED_PROXIES"] = 1
        Production(app)
        app.add_url_rule("/", "index", lambda: request_id() or "none")
        return app

    def test_the_proxys_id_is_used(self, client: DemijohnClient) -> None:
        response = client.get("/", headers={"X-Request-ID": "lb-1234"})
        assert response.text == "lb-1234"
        assert response.headers["X-Request-ID"] == "lb-1234"

    @pytest.mark.parametrize("given", ["two words", "x" * 201, "bad\x7f"])
    def test_a_malformed_id_is_replaced(self, client: DemijohnClient, given: str) -> None:
        assert HEX_ID.fullmatch(client.get("/", headers={"X-Request-ID": given}).text)

    def test_another_header_can_be_named(self) -> None:
        app = Demijohn(__name__)
        app.config.update(TESTING=True, TRUSTED_PROXIES=1, REQUEST_ID_HEADER="X-Trace")
        Production(app)
        app.add_url_rule("/", "index", lambda: request_id() or "none")
        response = app.test_client().get("/", headers={"X-Trace": "t-1"})
        assert (response.text, response.headers["X-Trace"]) == ("t-1", "t-1")


def test_filter_names_the_request_of_a_failed_stream(
    app: Demijohn, production: Production, client: DemijohnClient, caplog: pytest.LogCaptureFixture
) -> None:
    def generate() -> t.Iterator[str]:
        yield "a"
        raise LookupError("midway")

    app.add_url_rule("/stream", "stream", lambda: app.response_class(generate()))
    with pytest.raises(LookupError):
        client.get("/stream").get_data()
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    # Made after the request's context was gone: only the request it names tells the ID.
    assert record.request_id == "-"  # type: ignore[attr-defined]
    assert RequestIDFilter().filter(record)
    assert HEX_ID.fullmatch(record.request_id)  # type: ignore[attr-defined]


def test_filter_leaves_other_records_outside_requests() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    RequestIDFilter().filter(record)
    assert record.request_id == "-"  # type: ignore[attr-defined]


def test_concurrent_asgi_requests_log_their_own_ids(
    app: Demijohn, production: Production, caplog: pytest.LogCaptureFixture
) -> None:
    """Two requests handled at once on one event loop, their log lines interleaved."""
    caplog.set_level(logging.INFO)
    step: dict[str, asyncio.Event] = {}

    @app.route("/<name>")
    async def view(name: str) -> str:
        other = "b" if name == "a" else "a"
        log.info("%s starts", name)
        step[name].set()
        await step[other].wait()
        await asyncio.sleep(0)
        log.info("%s ends", name)
        return request_id() or "none"

    async def call(path: str) -> tuple[str, bytes]:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"localhost")],
            "client": ("127.0.0.1", 5000),
            "server": ("localhost", 80),
        }
        sent: list[dict[str, t.Any]] = []

        async def receive() -> dict[str, t.Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, t.Any]) -> None:
            sent.append(message)

        await app.asgi(scope, receive, send)
        body = b"".join(m.get("body", b"") for m in sent[1:])
        return path[1:], body

    async def both() -> list[tuple[str, bytes]]:
        step.update(a=asyncio.Event(), b=asyncio.Event())
        return await asyncio.gather(call("/a"), call("/b"))

    ids = {name: body.decode() for name, body in asyncio.run(both())}
    assert ids["a"] != ids["b"]
    lines = [(r.getMessage(), r.request_id) for r in caplog.records if r.name == "shop.orders"]  # type: ignore[attr-defined]
    assert [message for message, _ in lines][:2] == ["a starts", "b starts"]
    for message, rid in lines:
        assert rid == ids[message.split()[0]], lines
