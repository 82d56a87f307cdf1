"""A.11: the ten signals: their names, senders, keyword arguments and order."""

from __future__ import annotations

import contextlib
import typing as t

import pytest

SIGNAL_NAMES = {
    "template_rendered": "template-rendered",
    "before_render_template": "before-render-template",
    "request_started": "request-started",
    "request_finished": "request-finished",
    "request_tearing_down": "request-tearing-down",
    "got_request_exception": "got-request-exception",
    "appcontext_tearing_down": "appcontext-tearing-down",
    "appcontext_pushed": "appcontext-pushed",
    "appcontext_popped": "appcontext-popped",
    "message_flashed": "message-flashed",
}


class Recorder:
    """Receivers for every signal, recording ``(name, sender, kwargs)``."""

    def __init__(self, flask: t.Any) -> None:
        self.flask = flask
        self.calls: list[tuple[str, t.Any, dict[str, t.Any]]] = []
        self._receivers: list[t.Callable[..., None]] = []

    @contextlib.contextmanager
    def connected(self, app: t.Any, *names: str) -> t.Iterator[Recorder]:
        with contextlib.ExitStack() as stack:
            for name in names or SIGNAL_NAMES:
                signal = getattr(self.flask, name)

                def receiver(sender: t.Any, _name: str = name, **kwargs: t.Any) -> None:
                    self.calls.append((_name, sender, kwargs))

                self._receivers.append(receiver)
                stack.enter_context(signal.connected_to(receiver, app))
            yield self

    @property
    def names(self) -> list[str]:
        return [name for name, _, _ in self.calls]

    def one(self, name: str) -> tuple[t.Any, dict[str, t.Any]]:
        found = [(sender, kwargs) for n, sender, kwargs in self.calls if n == name]
        assert len(found) == 1, self.names
        return found[0]


def test_signal_names_and_namespace(flask: t.Any) -> None:
    from blinker import NamedSignal
    from flask import signals

    for attribute, name in SIGNAL_NAMES.items():
        signal = getattr(flask, attribute)
        assert isinstance(signal, NamedSignal)
        assert signal.name == name
        assert getattr(signals, attribute) is signal
    assert signals._signals.signal("request-started") is flask.request_started


def test_order_for_a_plain_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        return "hi"

    with Recorder(flask).connected(app) as rec:
        client.get("/")
    assert rec.names == [
        "appcontext_pushed",
        "request_started",
        "request_finished",
        "request_tearing_down",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]


def test_order_with_a_template(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        return flask.render_template_string("x")

    with Recorder(flask).connected(app) as rec:
        client.get("/")
    assert rec.names == [
        "appcontext_pushed",
        "request_started",
        "before_render_template",
        "template_rendered",
        "request_finished",
        "request_tearing_down",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]


def test_senders_are_the_app(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        flask.flash("m")
        return flask.render_template_string("x")

    with Recorder(flask).connected(app) as rec:
        client.get("/")
    assert len(rec.calls) == 9
    assert all(sender is app for _, sender, _ in rec.calls)


def test_keyword_arguments_without_payload(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        return ""

    with Recorder(flask).connected(app) as rec:
        client.get("/")
    assert rec.one("request_started")[1] == {}
    assert rec.one("appcontext_pushed")[1] == {}
    assert rec.one("appcontext_popped")[1] == {}


def test_request_finished_gets_the_response(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> t.Any:
        return "body", 201, {"X-Mark": "1"}

    with Recorder(flask).connected(app, "request_finished") as rec:
        client.get("/")
    _, kwargs = rec.one("request_finished")
    assert list(kwargs) == ["response"]
    assert isinstance(kwargs["response"], app.response_class)
    assert kwargs["response"].status_code == 201
    assert kwargs["response"].headers["X-Mark"] == "1"


def test_teardown_signals_get_exc_none(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        return ""

    with Recorder(flask).connected(app) as rec:
        client.get("/")
    assert rec.one("request_tearing_down")[1] == {"exc": None}
    assert rec.one("appcontext_tearing_down")[1] == {"exc": None}


def test_error_signals(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.testing = False
    error = ZeroDivisionError("boom")

    @app.get("/")
    def index() -> str:
        raise error

    with Recorder(flask).connected(app) as rec:
        rv = client.get("/")
    assert rv.status_code == 500
    assert rec.names == [
        "appcontext_pushed",
        "request_started",
        "got_request_exception",
        "request_finished",
        "request_tearing_down",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]
    assert rec.one("got_request_exception")[1] == {"exception": error}
    # Turned into a 500 response, the error still reaches teardown.
    assert rec.one("request_tearing_down")[1] == {"exc": error}
    assert rec.one("appcontext_tearing_down")[1] == {"exc": error}
    assert rec.one("request_finished")[1]["response"].status_code == 500


def test_http_exception_sends_no_got_request_exception(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.get("/")
    def index() -> str:
        flask.abort(404)

    with Recorder(flask).connected(app) as rec:
        assert client.get("/").status_code == 404
    assert "got_request_exception" not in rec.names
    assert "request_finished" in rec.names


def test_propagated_error_reaches_teardown(flask: t.Any, app: t.Any, client: t.Any) -> None:
    error = KeyError("k")

    @app.get("/")
    def index() -> str:
        raise error

    with Recorder(flask).connected(app) as rec, pytest.raises(KeyError):
        client.get("/")
    assert rec.one("got_request_exception")[1] == {"exception": error}
    assert "request_finished" not in rec.names
    assert rec.one("request_tearing_down")[1] == {"exc": error}
    assert rec.one("appcontext_tearing_down")[1] == {"exc": error}


def test_template_signals_get_template_and_context(flask: t.Any, app: t.Any) -> None:
    from jinja2 import Template

    recorder = Recorder(flask)
    names = ("before_render_template", "template_rendered")
    with recorder.connected(app, *names) as rec, app.test_request_context("/"):
        request = flask.request._get_current_object()
        flask.render_template_string("{{ a }}", a=1)
    for name in ("before_render_template", "template_rendered"):
        _, kwargs = rec.one(name)
        assert sorted(kwargs) == ["context", "template"]
        assert isinstance(kwargs["template"], Template)
        assert kwargs["context"]["a"] == 1
        assert kwargs["context"]["request"] is request
        assert "g" in kwargs["context"]


def test_message_flashed(flask: t.Any, app: t.Any) -> None:
    recorder = Recorder(flask)
    with recorder.connected(app, "message_flashed") as rec, app.test_request_context("/"):
        flask.flash("saved")
        flask.flash("bad", "error")
    assert [kwargs for _, _, kwargs in rec.calls] == [
        {"message": "saved", "category": "message"},
        {"message": "bad", "category": "error"},
    ]


def test_appcontext_signals_outside_a_request(flask: t.Any, app: t.Any) -> None:
    with Recorder(flask).connected(app) as rec, app.app_context():
        pass
    assert rec.calls == [
        ("appcontext_pushed", app, {}),
        ("appcontext_tearing_down", app, {"exc": None}),
        ("appcontext_popped", app, {}),
    ]


def test_receivers_for_another_sender_are_not_called(flask: t.Any, app: t.Any) -> None:
    other = flask.Flask("other")
    with Recorder(flask).connected(other) as rec, app.app_context():
        pass
    assert rec.calls == []


def test_request_started_runs_before_before_request(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    order: list[str] = []

    @app.before_request
    def before() -> None:
        order.append("before_request")

    @app.get("/")
    def index() -> str:
        order.append("view")
        return ""

    def started(sender: t.Any) -> None:
        order.append("request_started")

    def finished(sender: t.Any, response: t.Any) -> None:
        order.append("request_finished")

    @app.after_request
    def after(response: t.Any) -> t.Any:
        order.append("after_request")
        return response

    with (
        flask.request_started.connected_to(started, app),
        flask.request_finished.connected_to(finished, app),
    ):
        client.get("/")
    assert order == [
        "request_started",
        "before_request",
        "view",
        "after_request",
        "request_finished",
    ]


def test_receivers_see_the_request_context(flask: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[str] = []

    @app.get("/path")
    def index() -> str:
        return ""

    def started(sender: t.Any) -> None:
        seen.append(flask.request.path)

    def tearing_down(sender: t.Any, exc: t.Any) -> None:
        seen.append(flask.request.path)

    with (
        flask.request_started.connected_to(started, app),
        flask.request_tearing_down.connected_to(tearing_down, app),
    ):
        client.get("/path")
    assert seen == ["/path", "/path"]


def test_async_receiver(flask: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    @app.get("/")
    def index() -> str:
        return ""

    async def started(sender: t.Any) -> None:
        seen.append(sender)

    with flask.request_started.connected_to(started, app):
        client.get("/")
    assert seen == [app]


def test_streamed_template_sends_rendered_after_the_stream(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    order: list[str] = []

    @app.get("/")
    def index() -> t.Any:
        def items() -> t.Iterator[int]:
            order.append("generating")
            yield 1

        return flask.stream_template_string(
            "{% for i in items %}{{ i }}{% endfor %}", items=items()
        )

    def before(sender: t.Any, template: t.Any, context: t.Any) -> None:
        order.append("before_render_template")

    def rendered(sender: t.Any, template: t.Any, context: t.Any) -> None:
        order.append("template_rendered")

    with (
        flask.before_render_template.connected_to(before, app),
        flask.template_rendered.connected_to(rendered, app),
    ):
        assert client.get("/").text == "1"
    assert order == ["before_render_template", "generating", "template_rendered"]


def test_handled_exception_sends_no_got_request_exception(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.errorhandler(LookupError)
    def handle(error: LookupError) -> t.Any:
        return "handled", 400

    @app.get("/")
    def index() -> str:
        raise LookupError

    with Recorder(flask).connected(app) as rec:
        assert client.get("/").status_code == 400
    assert "got_request_exception" not in rec.names
    assert rec.one("request_tearing_down")[1] == {"exc": None}


def test_before_request_answer_still_finishes_the_request(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.before_request
    def gate() -> t.Any:
        return "gated", 401

    @app.get("/")
    def index() -> str:
        return "view"

    with Recorder(flask).connected(app) as rec:
        rv = client.get("/")
    assert rv.status_code == 401
    assert rec.one("request_finished")[1]["response"].status_code == 401


def test_request_inside_an_app_context_pushes_no_second_one(flask: t.Any, app: t.Any) -> None:
    with Recorder(flask).connected(app) as rec, app.app_context():
        with app.test_request_context("/"):
            pass
        assert rec.names == ["appcontext_pushed", "request_tearing_down"]
    assert rec.names[2:] == ["appcontext_tearing_down", "appcontext_popped"]
