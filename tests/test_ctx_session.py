"""Tests for demijohn.ctx: the request context's session, opened the first time it is used."""

from __future__ import annotations

import typing as t

import pytest

from demijohn import Demijohn, session
from demijohn.ctx import RequestContext
from demijohn.globals import request_ctx
from demijohn.sessions import SecureCookieSessionInterface

if t.TYPE_CHECKING:
    from demijohn.testing import DemijohnClient


class CountingSessionInterface(SecureCookieSessionInterface):
    """The cookie session interface, counting how often a session is opened."""

    def __init__(self) -> None:
        self.opened = 0

    def open_session(self, app: t.Any, request: t.Any) -> t.Any:
        self.opened += 1
        return super().open_session(app, request)


def test_session_is_opened_lazily(app: Demijohn, client: DemijohnClient) -> None:
    interface = CountingSessionInterface()
    app.session_interface = interface

    @app.route("/plain")
    def plain() -> str:
        return "plain"

    @app.route("/uses-session")
    def uses_session() -> str:
        session["seen"] = True
        return str(session.get("seen"))

    assert client.get("/plain").text == "plain"
    assert interface.opened == 0
    assert client.get("/uses-session").text == "True"
    assert interface.opened == 1
    with app.test_request_context():
        assert interface.opened == 1
        assert session.get("anything") is None
        assert session.get("other") is None
    assert interface.opened == 2


def test_flask_name_of_a_session_no_one_used(app: Demijohn, client: DemijohnClient) -> None:
    # Flask code reads ctx._session after a request to see whether it used the session.
    interface = CountingSessionInterface()
    app.session_interface = interface

    @app.route("/plain")
    def plain() -> str:
        return "plain"

    @app.route("/uses-session")
    def uses_session() -> str:
        session["seen"] = True
        return "used"

    with client:
        response = client.get("/plain")
        assert interface.opened == 0
        assert "cookie" not in response.vary
        unused = request_ctx._session
        assert (unused.accessed, unused.modified) == (False, False)
        assert request_ctx._session is unused
        replacement = interface.session_class({"k": "v"})
        request_ctx._session = replacement
        assert session["k"] == "v"
    with client:
        client.get("/uses-session")
        used = request_ctx._session
        assert (used.accessed, used.modified, dict(used)) == (True, True, {"seen": True})
    assert interface.opened == 2


def test_session_without_secret_key_is_a_null_session(app: Demijohn) -> None:
    app.config["SECRET_KEY"] = None
    with app.test_request_context():
        assert app.session_interface.is_null_session(session._get_current_object())  # type: ignore[attr-defined]
        assert session.get("x") is None
        with pytest.raises(RuntimeError, match="secret key"):
            session["x"] = 1


def test_given_session_is_used_without_opening_one(app: Demijohn) -> None:
    interface = CountingSessionInterface()
    app.session_interface = interface
    given = interface.session_class({"user": "ada"})
    environ = app.test_request_context().request.environ
    with RequestContext(app, environ, session=given) as ctx:
        assert session["user"] == "ada"
        assert ctx.session is given
    assert interface.opened == 0


def test_session_can_be_replaced(app: Demijohn) -> None:
    with app.test_request_context() as ctx:
        replacement = app.session_interface.session_class({"k": "v"})  # type: ignore[attr-defined]
        ctx.session = replacement
        assert session["k"] == "v"
