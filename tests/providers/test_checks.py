"""Tests for demijohn.providers.checks: ``demijohn check`` reports the providers' mistakes."""

import typing as t

from demijohn import Demijohn
from demijohn.providers import Providers


class Session:
    pass


class Cache:
    pass


def test_a_sound_graph_has_no_problems(app: Demijohn) -> None:
    providers = Providers(app)
    providers.provide(Session)

    @app.get("/")
    def index(session: Session) -> str:
        return ""

    assert app.run_checks() == []


def test_mistakes_are_reported_at_their_definitions(app: Demijohn) -> None:
    providers = Providers(app)

    @providers.provide
    def session() -> t.Iterator[Session]:
        yield Session()

    @providers.provide(lifetime="app")
    def cache(session: Session) -> Cache:
        return Cache()

    @app.get("/")
    def index(cache: Cache) -> str:
        return ""

    @app.before_request
    def before(cache: Cache) -> None:
        pass

    @app.errorhandler(404)
    def not_found(error: Exception, session: Session) -> str:
        return ""

    problems = app.run_checks()
    assert [problem.check for problem in problems] == ["providers.graph"] * 3
    provider_problem, view_problem, hook_problem = problems
    assert "app-lived provider" in provider_problem.message
    assert provider_problem.location is not None
    assert provider_problem.location.endswith(f":{cache.func.__code__.co_firstlineno}")
    assert "asks for it in 'cache'" in view_problem.message
    assert view_problem.location.endswith(f":{index.__code__.co_firstlineno}")  # type: ignore[union-attr]
    assert "before" in hook_problem.message


def test_lazy_views_are_checked_and_broken_ones_left_to_views_import(app: Demijohn) -> None:
    Providers(app)
    app.add_url_rule("/", "missing", "tests.providers.nowhere:view")
    assert [problem.check for problem in app.run_checks()] == ["views.import"]
