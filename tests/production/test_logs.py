"""Tests for demijohn.production.logs: JSON lines and the access log."""

from __future__ import annotations

import json
import logging
import typing as t

import pytest

from demijohn import Demijohn
from demijohn.logging import default_handler
from demijohn.production import ACCESS_LOGGER, JSONFormatter, Production
from demijohn.testing import DemijohnClient

log = logging.getLogger("shop.orders")


def access_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == ACCESS_LOGGER]


@pytest.fixture
def access_app(app: Demijohn) -> Demijohn:
    app.config["ACCESS_LOG"] = True
    Production(app)
    app.add_url_rule("/items/<int:item>", "item", lambda item: f"item {item}")
    return app


class TestJSONFormatter:
    def test_a_record_in_a_request(
        self, app: Demijohn, production: Production, client: DemijohnClient
    ) -> None:
        lines: list[dict[str, t.Any]] = []

        @app.route("/orders")
        def orders() -> str:
            record = log.makeRecord(log.name, logging.WARNING, __file__, 1, "late %s", (3,), None)
            lines.append(json.loads(JSONFormatter().format(record)))
            return "ok"

        response = client.get("/orders")
        (line,) = lines
        assert line["message"] == "late 3"
        assert (line["level"], line["logger"]) == ("WARNING", "shop.orders")
        assert (line["method"], line["path"], line["endpoint"]) == ("GET", "/orders", "orders")
        assert line["request_id"] == response.headers["X-Request-ID"]
        assert line["time"].endswith("Z")

    def test_a_record_outside_requests_with_an_exception(self) -> None:
        try:
            raise KeyError("gone")
        except KeyError:
            record = log.makeRecord(log.name, logging.ERROR, __file__, 1, "failed", (), None)
            record.exc_info = __import__("sys").exc_info()
        line = json.loads(JSONFormatter().format(record))
        assert line["request_id"] == "-"
        assert "method" not in line
        assert "KeyError: 'gone'" in line["exception"]


class TestAccessLog:
    def test_one_line_per_request(
        self, access_app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO)
        response = client.get("/items/3")
        client.get("/missing")
        ok, missing = access_lines(caplog)
        assert ok.getMessage().startswith("GET /items/3 200 ")
        assert ok.endpoint == "item"  # type: ignore[attr-defined]
        assert ok.status == 200  # type: ignore[attr-defined]
        assert ok.duration_ms >= 0  # type: ignore[attr-defined]
        assert ok.request_id == response.headers["X-Request-ID"]  # type: ignore[attr-defined]
        assert missing.status == 404  # type: ignore[attr-defined]
        line = json.loads(JSONFormatter().format(ok))
        assert (line["status"], line["endpoint"], line["path"]) == (200, "item", "/items/3")

    def test_a_failed_request_is_logged_with_its_500(
        self, access_app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO)
        access_app.config["PROPAGATE_EXCEPTIONS"] = False

        @access_app.route("/fail")
        def fail() -> str:
            raise RuntimeError("broken")

        assert client.get("/fail").status_code == 500
        (line,) = access_lines(caplog)
        assert line.status == 500  # type: ignore[attr-defined]

    def test_health_requests_are_left_out(
        self, access_app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO)
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert access_lines(caplog) == []

    def test_off_by_default(
        self,
        app: Demijohn,
        production: Production,
        client: DemijohnClient,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        caplog.set_level(logging.INFO)
        app.add_url_rule("/", "index", lambda: "ok")
        client.get("/")
        assert access_lines(caplog) == []

    def test_the_access_logger_shows_its_lines(
        self, access_app: Demijohn, client: DemijohnClient
    ) -> None:
        client.get("/items/1")
        logger = logging.getLogger(ACCESS_LOGGER)
        assert logger.getEffectiveLevel() == logging.INFO


def test_log_json_formats_demijohns_handler(app: Demijohn, client: DemijohnClient) -> None:
    app.config["LOG_JSON"] = True
    Production(app)
    app.add_url_rule("/", "index", lambda: "ok")
    previous = default_handler.formatter
    try:
        client.get("/")
        assert isinstance(default_handler.formatter, JSONFormatter)
    finally:
        default_handler.setFormatter(previous)
