"""A.19: the application's logger, its default handler and format."""

from __future__ import annotations

import io
import logging
import sys
import typing as t

import pytest


@pytest.fixture
def clean_logger(flask: t.Any) -> t.Iterator[str]:
    """A logger name no other test used, removed from logging's registry afterwards."""
    name = "behaviour_logging_app"
    yield name
    logger = logging.getLogger(name)
    logger.handlers.clear()
    logger.setLevel(logging.NOTSET)
    logger.propagate = True
    logging.Logger.manager.loggerDict.pop(name, None)


def _isolate(name: str) -> logging.Logger:
    """Stop the logger propagating, so that pytest's capturing handlers on the root logger
    do not count as handlers for it. Called in the test body: pytest also captures
    non-propagating loggers that exist when a test phase starts."""
    logger = logging.getLogger(name)
    logger.propagate = False
    return logger


def test_logger_is_named_after_the_app(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    app = flask.Flask(clean_logger)
    assert app.logger is logging.getLogger(clean_logger)
    assert app.logger.name == clean_logger


def test_default_handler_is_added(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    from flask.logging import default_handler

    app = flask.Flask(clean_logger)
    assert app.logger.handlers == [default_handler]
    assert isinstance(default_handler, logging.StreamHandler)


def test_default_format(flask: t.Any) -> None:
    from flask.logging import default_handler

    assert default_handler.formatter is not None
    assert (
        default_handler.formatter._fmt == "[%(asctime)s] %(levelname)s in %(module)s: %(message)s"
    )


def test_level_is_not_set_outside_debug(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    app = flask.Flask(clean_logger)
    assert app.logger.level == logging.NOTSET


def test_debug_sets_level_debug(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    app = flask.Flask(clean_logger)
    app.debug = True
    assert app.logger.level == logging.DEBUG


def test_debug_keeps_an_explicit_level(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    logging.getLogger(clean_logger).setLevel(logging.WARNING)
    app = flask.Flask(clean_logger)
    app.debug = True
    assert app.logger.level == logging.WARNING


def test_no_default_handler_when_one_covers_the_level(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    handler = logging.StreamHandler(io.StringIO())
    logging.getLogger(clean_logger).addHandler(handler)
    app = flask.Flask(clean_logger)
    assert app.logger.handlers == [handler]


def test_has_level_handler(flask: t.Any, clean_logger: str) -> None:
    from flask.logging import has_level_handler

    logger = _isolate(clean_logger)
    assert has_level_handler(logger) is False
    handler = logging.StreamHandler(io.StringIO())
    handler.setLevel(logging.CRITICAL)
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    assert has_level_handler(logger) is False
    handler.setLevel(logging.INFO)
    assert has_level_handler(logger) is True


def test_wsgi_errors_stream_outside_a_request(flask: t.Any) -> None:
    from flask.logging import wsgi_errors_stream

    assert wsgi_errors_stream._get_current_object() is sys.stderr


def test_wsgi_errors_stream_in_a_request(flask: t.Any, app: t.Any) -> None:
    from flask.logging import wsgi_errors_stream

    errors = io.StringIO()
    with app.test_request_context(errors_stream=errors):
        assert wsgi_errors_stream._get_current_object() is errors


def test_messages_go_to_wsgi_errors(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    app = flask.Flask(clean_logger)
    app.logger.setLevel(logging.INFO)
    errors = io.StringIO()
    with app.test_request_context(errors_stream=errors):
        app.logger.info("hello %s", "log")
    line = errors.getvalue()
    assert line.startswith("[")
    assert line.endswith("] INFO in test_logging: hello log\n")


def test_log_exception_wording(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    app = flask.Flask(clean_logger)
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    app.logger.addHandler(Keep())

    @app.post("/fail")
    def fail() -> str:
        raise RuntimeError("broken")

    rv = app.test_client().post("/fail", errors_stream=io.StringIO())
    assert rv.status_code == 500
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "Exception on /fail [POST]"
    assert record.exc_info is not None
    assert record.exc_info[0] is RuntimeError


def test_default_handler_output_of_an_error(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    app = flask.Flask(clean_logger)

    @app.get("/fail")
    def fail() -> str:
        raise RuntimeError("broken")

    errors = io.StringIO()
    app.test_client().get("/fail", errors_stream=errors)
    output = errors.getvalue()
    head, _, rest = output.partition(" ERROR in app: ")
    assert head.startswith("[")
    assert head.endswith("]")
    assert rest.startswith("Exception on /fail [GET]\nTraceback (most recent call last):\n")
    assert output.endswith("RuntimeError: broken\n")


def test_debug_messages_are_shown_in_debug_mode(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    app = flask.Flask(clean_logger)
    app.debug = True
    errors = io.StringIO()
    with app.test_request_context(errors_stream=errors):
        app.logger.debug("detail")
    assert errors.getvalue().endswith(" DEBUG in test_logging: detail\n")


def test_info_is_hidden_outside_debug(flask: t.Any, clean_logger: str) -> None:
    _isolate(clean_logger)
    app = flask.Flask(clean_logger)
    errors = io.StringIO()
    with app.test_request_context(errors_stream=errors):
        app.logger.info("hidden")
        app.logger.warning("shown")
    assert "hidden" not in errors.getvalue()
    assert errors.getvalue().endswith(" WARNING in test_logging: shown\n")
