"""The ten signals: their names, who sends them with which keyword arguments, when they are sent
relative to the hooks, async receivers, and receivers connected to another application.

Detailed behaviour of single signals also appears where the sending code is tested (templates in
``test_templating.py``, flashing in ``test_helpers_flash.py``); this file checks them side by side.
"""

from __future__ import annotations

import asyncio
import collections.abc as cabc
import typing as t
from contextlib import ExitStack

import pytest
from blinker import NamedSignal
from jinja2 import Template

import demijohn
from demijohn import (
    Demijohn,
    Response,
    after_this_request,
    appcontext_pushed,
    flash,
    got_request_exception,
    has_app_context,
    render_template_string,
    request,
    request_finished,
    request_started,
    request_tearing_down,
    stream_with_context,
)
from demijohn import signals as signals_module
from demijohn.testing import DemijohnClient

SIGNAL_NAMES = (
    "template_rendered",
    "before_render_template",
    "request_started",
    "request_finished",
    "request_tearing_down",
    "got_request_exception",
    "appcontext_tearing_down",
    "appcontext_pushed",
    "appcontext_popped",
    "message_flashed",
)

#: What a recorder saw: the signal's name, the sender, and the keyword arguments.
Received = list[tuple[str, t.Any, dict[str, t.Any]]]


def make_recorder(name: str, calls: Received, asynchronous: bool) -> t.Callable[..., t.Any]:
    """A receiver that appends ``(name, sender, kwargs)`` to ``calls``; a coroutine function
    that awaits before recording when ``asynchronous``."""
    if asynchronous:

        async def receive_async(sender: t.Any, **kwargs: t.Any) -> None:
            await asyncio.sleep(0)
            calls.append((name, sender, kwargs))

        return receive_async

    def receive(sender: t.Any, **kwargs: t.Any) -> None:
        calls.append((name, sender, kwargs))

    return receive


def connect_all(sender: t.Any, calls: Received, asynchronous: bool = False) -> ExitStack:
    """Connect a recorder for ``sender`` to every signal; closing the stack disconnects them."""
    stack = ExitStack()
    for name in SIGNAL_NAMES:
        signal = getattr(signals_module, name)
        stack.enter_context(signal.connected_to(make_recorder(name, calls, asynchronous), sender))
    return stack


@pytest.fixture(params=["sync", "async"])
def received(app: Demijohn, request: pytest.FixtureRequest) -> cabc.Iterator[Received]:
    """What every signal sent for ``app`` while the test ran, through plain receivers and
    through coroutine-function receivers."""
    calls: Received = []
    with connect_all(app, calls, asynchronous=request.param == "async"):
        yield calls


def names(calls: Received) -> list[str]:
    return [name for name, _sender, _kwargs in calls]


def kwargs_of(calls: Received, name: str) -> dict[str, t.Any]:
    (kwargs,) = [kwargs for n, _sender, kwargs in calls if n == name]
    return kwargs


# -- the signals themselves -------------------------------------------------------------------


@pytest.mark.parametrize("name", SIGNAL_NAMES)
def test_signal_is_a_named_blinker_signal_exported_at_the_top(name: str) -> None:
    signal = getattr(signals_module, name)
    assert isinstance(signal, NamedSignal)
    assert signal.name == name.replace("_", "-")
    assert getattr(demijohn, name) is signal


# -- one request, every signal ----------------------------------------------------------------


def test_a_request_sends_each_signal_once_in_order(
    app: Demijohn, client: DemijohnClient, received: Received
) -> None:
    @app.route("/")
    def index() -> str:
        flash("Saved", "info")
        return render_template_string("Hello {{ name }}!", name="World")

    response = client.get("/")
    assert response.text == "Hello World!"
    assert names(received) == [
        "appcontext_pushed",
        "request_started",
        "message_flashed",
        "before_render_template",
        "template_rendered",
        "request_finished",
        "request_tearing_down",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]
    assert all(sender is app for _name, sender, _kwargs in received)


def test_keyword_arguments_of_a_successful_request(
    app: Demijohn, client: DemijohnClient, received: Received
) -> None:
    @app.route("/")
    def index() -> str:
        flash("Saved", "info")
        flash("Plain")
        return render_template_string("Hello {{ name }}!", name="World")

    client.get("/")
    for name in ("appcontext_pushed", "request_started", "appcontext_popped"):
        assert kwargs_of(received, name) == {}
    flashed = [kwargs for name, _sender, kwargs in received if name == "message_flashed"]
    assert flashed == [
        {"message": "Saved", "category": "info"},
        {"message": "Plain", "category": "message"},
    ]
    for name in ("before_render_template", "template_rendered"):
        kwargs = kwargs_of(received, name)
        assert set(kwargs) == {"template", "context"}
        assert isinstance(kwargs["template"], Template)
        assert kwargs["context"]["name"] == "World"
        # The context processors' values are in the context the receivers see.
        assert "request" in kwargs["context"]
    finished = kwargs_of(received, "request_finished")
    assert set(finished) == {"response"}
    assert isinstance(finished["response"], Response)
    assert finished["response"].status_code == 200
    assert kwargs_of(received, "request_tearing_down") == {"exc": None}
    assert kwargs_of(received, "appcontext_tearing_down") == {"exc": None}


def test_an_unhandled_error_is_sent_with_the_exception(
    app: Demijohn, client: DemijohnClient, received: Received
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.logger.disabled = True
    error = ValueError("boom")

    @app.route("/")
    def index() -> str:
        raise error

    try:
        assert client.get("/").status_code == 500
    finally:
        app.logger.disabled = False
    assert names(received) == [
        "appcontext_pushed",
        "request_started",
        "got_request_exception",
        "request_finished",
        "request_tearing_down",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]
    assert kwargs_of(received, "got_request_exception") == {"exception": error}
    assert kwargs_of(received, "request_finished")["response"].status_code == 500
    assert kwargs_of(received, "request_tearing_down") == {"exc": error}
    assert kwargs_of(received, "appcontext_tearing_down") == {"exc": error}


def test_a_propagated_error_is_sent_before_it_reaches_the_caller(
    app: Demijohn, client: DemijohnClient, received: Received
) -> None:
    error = KeyError("missing")

    @app.route("/")
    def index() -> str:
        raise error

    with pytest.raises(KeyError):
        client.get("/")
    assert kwargs_of(received, "got_request_exception") == {"exception": error}
    assert "request_finished" not in names(received)
    assert kwargs_of(received, "request_tearing_down") == {"exc": error}
    assert kwargs_of(received, "appcontext_tearing_down") == {"exc": error}


def test_handled_errors_send_no_got_request_exception(
    app: Demijohn, client: DemijohnClient, received: Received
) -> None:
    @app.errorhandler(ValueError)
    def handle(e: ValueError) -> tuple[str, int]:
        return "handled", 400

    app.add_url_rule("/", "index", lambda: int("x"))
    assert client.get("/").status_code == 400
    assert client.get("/missing").status_code == 404
    assert "got_request_exception" not in names(received)
    assert [kwargs for name, _s, kwargs in received if name == "request_tearing_down"] == [
        {"exc": None},
        {"exc": None},
    ]


# -- order relative to the hooks --------------------------------------------------------------


class TestOrderAroundHooks:
    def test_request_started_comes_before_the_before_request_functions(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        events: list[str] = []

        @app.url_value_preprocessor
        def preprocess(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
            events.append("url_value_preprocessor")

        @app.before_request
        def before() -> None:
            events.append("before_request")

        @app.route("/")
        def index() -> str:
            events.append("view")
            return "ok"

        with request_started.connected_to(lambda sender: events.append("request_started"), app):
            client.get("/")
        assert events == ["request_started", "url_value_preprocessor", "before_request", "view"]

    def test_request_finished_comes_after_the_after_request_functions(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        events: list[str] = []
        finished: list[Response] = []

        @app.after_request
        def stamp(response: Response) -> Response:
            events.append("after_request")
            response.headers["X-Stamp"] = "after_request"
            return response

        @app.route("/")
        def index() -> str:
            @after_this_request
            def once(response: Response) -> Response:
                events.append("after_this_request")
                return response

            return "ok"

        def receiver(sender: Demijohn, response: Response) -> None:
            events.append("request_finished")
            finished.append(response)

        with request_finished.connected_to(receiver, app):
            response = client.get("/")
        assert events == ["after_this_request", "after_request", "request_finished"]
        # The receiver sees the response the after_request functions returned.
        assert finished[0].headers["X-Stamp"] == "after_request"
        assert response.headers["X-Stamp"] == "after_request"

    def test_tearing_down_signals_come_after_the_teardown_functions(
        self, app: Demijohn, client: DemijohnClient, received: Received
    ) -> None:
        @app.teardown_request
        def teardown_request(exc: BaseException | None) -> None:
            received.append(("teardown_request hook", None, {}))

        @app.teardown_appcontext
        def teardown_appcontext(exc: BaseException | None) -> None:
            received.append(("teardown_appcontext hook", None, {}))

        app.add_url_rule("/", "index", lambda: "ok")
        client.get("/")
        assert names(received)[-5:] == [
            "teardown_request hook",
            "request_tearing_down",
            "teardown_appcontext hook",
            "appcontext_tearing_down",
            "appcontext_popped",
        ]

    def test_request_tearing_down_waits_for_a_context_stream(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        events: list[str] = []

        @app.teardown_request
        def teardown_request(exc: BaseException | None) -> None:
            events.append("teardown_request")

        @app.route("/stream")
        def stream() -> cabc.Iterator[str]:
            def generate() -> cabc.Iterator[str]:
                events.append(f"chunk for {request.path}")
                yield "data"

            return stream_with_context(generate())

        def tearing_down(sender: Demijohn, exc: BaseException | None) -> None:
            events.append("request_tearing_down")

        with (
            request_finished.connected_to(lambda s, response: events.append("finished"), app),
            request_tearing_down.connected_to(tearing_down, app),
        ):
            response = client.get("/stream")
            assert response.get_data() == b"data"
            response.close()
        assert events == [
            "finished",
            "chunk for /stream",
            "teardown_request",
            "request_tearing_down",
        ]


# -- contexts pushed by hand ------------------------------------------------------------------


def test_app_context_signals_outside_a_request(app: Demijohn, received: Received) -> None:
    with app.app_context():
        assert names(received) == ["appcontext_pushed"]
    assert received[1:] == [
        ("appcontext_tearing_down", app, {"exc": None}),
        ("appcontext_popped", app, {}),
    ]


def test_app_context_teardown_signal_gets_the_error_of_the_block(
    app: Demijohn, received: Received
) -> None:
    error = RuntimeError("in the block")
    with pytest.raises(RuntimeError), app.app_context():
        raise error
    assert kwargs_of(received, "appcontext_tearing_down") == {"exc": error}


def test_pushing_a_context_twice_sends_pushed_and_popped_each_time(
    app: Demijohn, received: Received
) -> None:
    ctx = app.app_context()
    with ctx, ctx:
        pass
    assert names(received) == [
        "appcontext_pushed",
        "appcontext_pushed",
        "appcontext_popped",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]


def test_a_request_inside_an_app_context_pushes_no_second_one(
    app: Demijohn, received: Received
) -> None:
    with app.app_context(), app.test_request_context("/"):
        pass
    assert names(received).count("appcontext_pushed") == 1


# -- async receivers --------------------------------------------------------------------------


def test_async_receivers_run_with_the_request_available(
    app: Demijohn, client: DemijohnClient
) -> None:
    seen: list[tuple[str, bool]] = []

    async def started(sender: Demijohn) -> None:
        await asyncio.sleep(0)
        seen.append((request.path, has_app_context()))

    async def finished(sender: Demijohn, response: Response) -> None:
        await asyncio.sleep(0)
        seen.append((f"{request.path} -> {response.status_code}", has_app_context()))

    app.add_url_rule("/page", "page", lambda: "ok")
    with (
        request_started.connected_to(started, app),
        request_finished.connected_to(finished, app),
    ):
        client.get("/page")
    assert seen == [("/page", True), ("/page -> 200", True)]


def test_async_receiver_outside_a_request(app: Demijohn) -> None:
    seen: list[Demijohn] = []

    async def pushed(sender: Demijohn) -> None:
        await asyncio.sleep(0)
        seen.append(sender)

    with appcontext_pushed.connected_to(pushed, app), app.app_context():
        pass
    assert seen == [app]


# -- receivers of another application ---------------------------------------------------------


def test_receivers_connected_to_another_app_are_not_called(
    app: Demijohn, client: DemijohnClient, received: Received
) -> None:
    other = Demijohn("other_app")
    other.config["SECRET_KEY"] = "other key"
    for_other: Received = []
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.logger.disabled = True

    @app.route("/")
    def index() -> str:
        flash("Saved")
        return render_template_string("{{ 1 + 1 }}")

    app.add_url_rule("/fail", "fail", lambda: 1 / 0)
    try:
        with connect_all(other, for_other):
            assert client.get("/").text == "2"
            assert client.get("/fail").status_code == 500
            with app.app_context():
                pass
    finally:
        app.logger.disabled = False
    assert for_other == []
    # The same requests did reach the receivers connected to ``app``.
    assert set(names(received)) == set(SIGNAL_NAMES)


def test_a_receiver_for_any_sender_hears_every_app(app: Demijohn) -> None:
    other = Demijohn("other_app")
    senders: list[Demijohn] = []

    def receiver(sender: Demijohn) -> None:
        senders.append(sender)

    with appcontext_pushed.connected_to(receiver):
        with app.app_context():
            pass
        with other.app_context():
            pass
    assert senders == [app, other]


def test_got_request_exception_receiver_for_the_app_only(
    app: Demijohn, client: DemijohnClient
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.logger.disabled = True
    other = Demijohn("other_app")
    heard: list[str] = []
    app.add_url_rule("/", "index", lambda: 1 / 0)
    try:
        with (
            got_request_exception.connected_to(lambda s, exception: heard.append("app"), app),
            got_request_exception.connected_to(lambda s, exception: heard.append("other"), other),
        ):
            client.get("/")
    finally:
        app.logger.disabled = False
    assert heard == ["app"]
