"""Tests for demijohn.logging: the application logger, its default handler and the stream it
writes to."""

from __future__ import annotations

import io
import logging
import re
import sys
import typing as t

import pytest

from demijohn import Demijohn, current_app
from demijohn.logging import create_logger, default_handler, has_level_handler, wsgi_errors_stream
from demijohn.testing import DemijohnClient

LINE = r"\[[^\]]+\] {level} in {module}: {message}"


@pytest.fixture(autouse=True)
def _restore_logging(app: Demijohn) -> t.Iterator[None]:
    """Put the app's logger back as it was after each test."""
    logger = logging.getLogger(app.name)
    level, propagate, handlers = logger.level, logger.propagate, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.propagate = propagate
    logger.handlers[:] = handlers


def _isolate(logger: logging.Logger) -> logging.Logger:
    """Cut ``logger`` off from the root logger and drop its handlers, so that nothing covers it.

    Called in the test body: pytest attaches its capture handler to non-propagating loggers when
    each test phase starts, and this removes it again.
    """
    logger.handlers.clear()
    logger.propagate = False
    return logger


def _isolate_app_logger(app: Demijohn) -> logging.Logger:
    """Isolate the app's logger before ``app.logger`` is first used, with no level set."""
    logger = _isolate(logging.getLogger(app.name))
    logger.setLevel(logging.NOTSET)
    return logger


def test_logger_is_named_after_the_app(app: Demijohn) -> None:
    assert app.logger.name == "demijohn_test_app"
    assert app.logger is logging.getLogger("demijohn_test_app")
    assert create_logger(app) is app.logger


class TestLevel:
    def test_debug_mode_sets_debug_when_no_level_is_set(self, app: Demijohn) -> None:
        _isolate_app_logger(app)
        app.debug = True
        assert app.logger.level == logging.DEBUG

    def test_debug_mode_keeps_a_level_already_set(self, app: Demijohn) -> None:
        _isolate_app_logger(app).setLevel(logging.ERROR)
        app.debug = True
        assert app.logger.level == logging.ERROR

    def test_no_level_set_outside_debug_mode(self, app: Demijohn) -> None:
        _isolate_app_logger(app)
        assert app.logger.level == logging.NOTSET
        assert app.logger.getEffectiveLevel() == logging.getLogger().getEffectiveLevel()


class TestDefaultHandler:
    def test_added_when_no_handler_covers_the_level(self, app: Demijohn) -> None:
        _isolate_app_logger(app)
        assert app.logger.handlers == [default_handler]

    def test_not_added_when_the_logger_has_a_handler(self, app: Demijohn) -> None:
        own = logging.NullHandler()
        _isolate_app_logger(app).addHandler(own)
        assert app.logger.handlers == [own]

    def test_not_added_when_an_ancestor_handles(self, app: Demijohn) -> None:
        _isolate_app_logger(app).propagate = True
        root = logging.getLogger()
        saved = root.handlers[:]
        root.handlers[:] = [logging.NullHandler()]
        try:
            assert app.logger.handlers == []
        finally:
            root.handlers[:] = saved

    def test_added_when_handlers_only_show_higher_levels(self, app: Demijohn) -> None:
        logger = _isolate_app_logger(app)
        logger.setLevel(logging.INFO)
        logger.addHandler(logging.NullHandler(logging.ERROR))
        assert default_handler in app.logger.handlers

    def test_writes_to_stderr_outside_a_request(
        self, app: Demijohn, capsys: pytest.CaptureFixture[str]
    ) -> None:
        _isolate_app_logger(app)
        app.logger.warning("outside %s", "any request")
        err = capsys.readouterr().err
        assert err.endswith("\n")
        line = LINE.format(level="WARNING", module="test_logging", message="outside any request")
        assert re.fullmatch(line, err.rstrip("\n"))

    def test_writes_to_the_request_error_stream(
        self, app: Demijohn, client: DemijohnClient, capsys: pytest.CaptureFixture[str]
    ) -> None:
        _isolate_app_logger(app)

        @app.route("/")
        def index() -> str:
            current_app.logger.warning("inside the request")
            return "ok"

        stream = io.StringIO()
        client.get("/", environ_overrides={"wsgi.errors": stream})
        line = LINE.format(level="WARNING", module="test_logging", message="inside the request")
        assert re.fullmatch(line, stream.getvalue().rstrip("\n"))
        assert capsys.readouterr().err == ""
        other = io.StringIO()
        client.get("/", errors_stream=other)
        assert "inside the request" in other.getvalue()


def test_wsgi_errors_stream(app: Demijohn) -> None:
    assert wsgi_errors_stream._get_current_object() is sys.stderr  # type: ignore[attr-defined]
    stream = io.StringIO()
    with app.test_request_context(errors_stream=stream):
        assert wsgi_errors_stream._get_current_object() is stream  # type: ignore[attr-defined]
    with app.app_context():
        assert wsgi_errors_stream._get_current_object() is sys.stderr  # type: ignore[attr-defined]


class TestUnhandledException:
    @pytest.fixture
    def crashing(self, app: Demijohn) -> Demijohn:
        @app.route("/crash", methods=["GET", "POST"])
        def crash() -> str:
            raise ZeroDivisionError("boom")

        return app

    def test_logged_with_traceback_when_not_propagated(
        self, crashing: Demijohn, client: DemijohnClient
    ) -> None:
        _isolate_app_logger(crashing)
        crashing.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
        stream = io.StringIO()
        response = client.post("/crash", errors_stream=stream)
        assert response.status_code == 500
        first, *rest = stream.getvalue().rstrip("\n").splitlines()
        assert re.fullmatch(
            LINE.format(level="ERROR", module="app", message=r"Exception on /crash \[POST\]"),
            first,
        )
        assert rest[0] == "Traceback (most recent call last):"
        assert any('raise ZeroDivisionError("boom")' in line for line in rest)
        assert rest[-1] == "ZeroDivisionError: boom"

    def test_record_carries_the_exception(
        self, crashing: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        crashing.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
        with caplog.at_level(logging.ERROR, logger=crashing.name):
            client.get("/crash")
        [record] = [r for r in caplog.records if r.name == crashing.name]
        assert record.levelno == logging.ERROR
        assert record.getMessage() == "Exception on /crash [GET]"
        assert isinstance(record.exc_info[1], ZeroDivisionError)  # type: ignore[index]

    def test_not_logged_when_propagated(
        self, crashing: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.DEBUG, logger=crashing.name), pytest.raises(ZeroDivisionError):
            client.get("/crash")
        assert [r for r in caplog.records if r.name == crashing.name] == []


class TestHasLevelHandler:
    @pytest.fixture
    def family(self) -> t.Iterator[tuple[logging.Logger, logging.Logger]]:
        """A parent logger cut off from the root, at INFO, and a child with no level."""
        parent = logging.getLogger("demijohn_test_family")
        child = logging.getLogger("demijohn_test_family.child")
        saved = [(lg, lg.level, lg.propagate, list(lg.handlers)) for lg in (parent, child)]
        parent.setLevel(logging.INFO)
        yield parent, child
        for lg, level, propagate, handlers in saved:
            lg.setLevel(level)
            lg.propagate = propagate
            lg.handlers[:] = handlers

    def test_no_handlers(self, family: tuple[logging.Logger, logging.Logger]) -> None:
        parent, child = family
        _isolate(parent)
        assert not has_level_handler(parent)
        assert not has_level_handler(child)

    def test_handler_level_against_effective_level(
        self, family: tuple[logging.Logger, logging.Logger]
    ) -> None:
        parent, _ = family
        _isolate(parent).addHandler(logging.NullHandler(logging.WARNING))
        assert not has_level_handler(parent)
        parent.setLevel(logging.WARNING)
        assert has_level_handler(parent)
        parent.setLevel(logging.ERROR)
        assert has_level_handler(parent)

    def test_nothing_up_to_the_root(self, family: tuple[logging.Logger, logging.Logger]) -> None:
        _, child = family
        root = logging.getLogger()
        saved = root.handlers[:]
        root.handlers[:] = [logging.NullHandler(logging.CRITICAL)]
        try:
            assert not has_level_handler(child)
            root.handlers[:] = [logging.NullHandler(logging.INFO)]
            assert has_level_handler(child)
        finally:
            root.handlers[:] = saved

    def test_ancestor_handler_counts_while_propagating(
        self, family: tuple[logging.Logger, logging.Logger]
    ) -> None:
        parent, child = family
        _isolate(parent).addHandler(logging.NullHandler(logging.INFO))
        assert has_level_handler(child)
        child.propagate = False
        assert not has_level_handler(child)
        child.propagate = True
        child.setLevel(logging.DEBUG)
        assert not has_level_handler(child)
