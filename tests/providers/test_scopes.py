"""Tests for demijohn.providers.scopes: where request-lived values are kept."""

import pytest

from demijohn import Demijohn, request
from demijohn.providers.errors import NoScopeError
from demijohn.providers.scopes import STATE_KEY, Scope, current_scope, enter, in_scope, leave


def test_a_scope_tears_down_newest_first_and_reports_every_failure() -> None:
    scope = Scope()
    events: list[str] = []

    def fails(name: str) -> object:
        def teardown(exc: BaseException | None) -> None:
            events.append(name)
            raise RuntimeError(name)

        return teardown

    scope.push_exit(lambda exc: events.append(f"first {exc!r}"))
    scope.push_exit(fails("second"))  # type: ignore[arg-type]
    scope.push_exit(fails("third"))  # type: ignore[arg-type]
    scope.values["key"] = "value"
    with pytest.raises(RuntimeError, match="third") as info:
        scope.close()
    assert events == ["third", "second", "first None"]
    assert info.value.__notes__ == [
        "Another provider's teardown also failed: RuntimeError('second')"
    ]
    assert scope.values == {}


def test_the_request_is_the_scope(app: Demijohn) -> None:
    with app.test_request_context() as ctx:
        scope = current_scope()
        assert current_scope() is scope
        assert ctx.request.state[STATE_KEY] is scope
        # A scope block inside a request does not replace it.
        token = enter(Scope())
        try:
            assert current_scope() is scope
        finally:
            leave(token)


def test_outside_a_request_the_open_scope_is_used(app: Demijohn) -> None:
    assert not in_scope()
    with pytest.raises(NoScopeError):
        current_scope()
    scope = Scope()
    token = enter(scope)
    try:
        assert in_scope()
        assert current_scope() is scope
    finally:
        leave(token)


def test_a_request_scope_under_asgi_makes_no_environ(app: Demijohn) -> None:
    @app.route("/")
    def index() -> str:
        current_scope().values["made"] = 1
        return str(request.has_environ)

    assert app.test_client(protocol="asgi").get("/").text == "False"
