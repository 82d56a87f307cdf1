"""Shutting down without a lifespan: the after_serving functions of applications that their
first request started run when the process exits, from one exit handler (and from
multiprocessing's exit in a worker it forked), and the first request says in the log when that
will be.

The rest of the serving lifecycle is tested in ``test_lifecycle.py``; what real servers do on
SIGTERM and SIGINT, in ``test_servers.py``.
"""

from __future__ import annotations

import collections.abc as cabc
import gc
import logging
import signal
import typing as t
import weakref

import pytest

from demijohn import Demijohn, lifecycle


class TestShutdownAtExit:
    @pytest.fixture
    def exit_handlers(self, monkeypatch: pytest.MonkeyPatch) -> list[t.Callable[[], None]]:
        """The exit handlers registered, instead of registering them with the interpreter."""
        handlers: list[t.Callable[[], None]] = []
        monkeypatch.setattr(lifecycle.atexit, "register", handlers.append)
        monkeypatch.setattr(lifecycle, "_at_exit_registered", False)
        monkeypatch.setattr(lifecycle, "_at_exit", weakref.WeakKeyDictionary())
        return handlers

    def make_app(self, events: list[str], name: str) -> Demijohn:
        app = Demijohn(name)
        app.after_serving(lambda: events.append(f"{name} stopped"))
        app.add_url_rule("/", "index", lambda: "ok")
        return app

    def test_one_handler_for_all_apps_and_after_serving_runs_once(
        self, exit_handlers: list[t.Callable[[], None]]
    ) -> None:
        events: list[str] = []
        apps = [self.make_app(events, name) for name in ("first", "second", "third")]
        for app in apps:
            client = app.test_client(protocol="wsgi")
            client.get("/").close()
            client.get("/").close()
        apps[1].shutdown()
        (handler,) = exit_handlers
        handler()
        handler()
        assert events == ["second stopped", "third stopped", "first stopped"]

    def test_apps_are_not_kept_alive(self, exit_handlers: list[t.Callable[[], None]]) -> None:
        events: list[str] = []
        app = self.make_app(events, "short_lived")
        app.test_client(protocol="wsgi").get("/").close()
        ref = weakref.ref(app)
        del app
        gc.collect()
        assert ref() is None
        (handler,) = exit_handlers
        handler()
        assert events == []

    def test_a_failure_at_exit_is_logged(
        self, exit_handlers: list[t.Callable[[], None]], caplog: pytest.LogCaptureFixture
    ) -> None:
        app = Demijohn("failing_at_exit")

        @app.after_serving
        def broken() -> None:
            raise OSError("disk gone")

        app.add_url_rule("/", "index", lambda: "ok")
        app.test_client(protocol="wsgi").get("/").close()
        with caplog.at_level(logging.ERROR):
            exit_handlers[0]()
        assert "after_serving functions failed at exit" in caplog.text

    @pytest.fixture
    def sigterm(self) -> cabc.Iterator[t.Callable[[t.Any], None]]:
        """Set the process's SIGTERM handler for the test (pytest runs it in the main thread,
        where handlers may be set), and put the old one back after it."""
        old = signal.getsignal(signal.SIGTERM)
        yield lambda handler: signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGTERM, old)

    @pytest.mark.parametrize("testing", [False, True])
    def test_a_warning_when_sigterm_would_skip_after_serving(
        self,
        exit_handlers: list[t.Callable[[], None]],
        sigterm: t.Callable[[t.Any], None],
        caplog: pytest.LogCaptureFixture,
        testing: bool,
    ) -> None:
        # What waitress and the development server leave in place.
        sigterm(signal.SIG_DFL)
        app = self.make_app([], "left_to_sigterm")
        app.testing = testing
        client = app.test_client(protocol="wsgi")
        with caplog.at_level(logging.INFO, logger="left_to_sigterm"):
            client.get("/").close()
            client.get("/").close()
        (record,) = caplog.records
        message = record.getMessage()
        assert "1 after_serving function(s) run when this process exits" in message
        if testing:
            # Nothing sends SIGTERM to a test run.
            assert record.levelno == logging.INFO
            assert "SIGTERM" not in message
        else:
            assert record.levelno == logging.WARNING
            assert "SIGTERM would end the process without running them" in message
            assert "signal.signal(signal.SIGTERM, signal.default_int_handler)" in message

    def test_no_warning_when_the_server_handles_sigterm(
        self,
        exit_handlers: list[t.Callable[[], None]],
        sigterm: t.Callable[[t.Any], None],
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        # What gunicorn's and granian's workers do.
        sigterm(lambda signum, frame: None)
        app = self.make_app([], "handles_sigterm")
        app.testing = False
        with caplog.at_level(logging.INFO, logger="handles_sigterm"):
            app.test_client(protocol="wsgi").get("/").close()
        (record,) = caplog.records
        assert record.levelno == logging.INFO
        assert "after_serving function(s) run when this process exits." in record.getMessage()

    def test_first_requests_that_race_say_it_once(
        self, exit_handlers: list[t.Callable[[], None]], caplog: pytest.LogCaptureFixture
    ) -> None:
        app = self.make_app([], "racing")
        with caplog.at_level(logging.INFO, logger="racing"):
            # What two first requests do when both saw the app not serving yet.
            app._start_on_first_request()
            app._start_on_first_request()
        assert len(caplog.records) == 1
        assert len(exit_handlers) == 1

    def test_nothing_is_said_without_after_serving_functions(
        self, exit_handlers: list[t.Callable[[], None]], caplog: pytest.LogCaptureFixture
    ) -> None:
        app = Demijohn("nothing_to_say")
        app.add_url_rule("/", "index", lambda: "ok")
        with caplog.at_level(logging.DEBUG):
            app.test_client(protocol="wsgi").get("/").close()
        assert caplog.records == []
        assert exit_handlers == []

    def test_a_multiprocessing_worker_also_shuts_down_as_it_ends(
        self, exit_handlers: list[t.Callable[[], None]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A forked multiprocessing worker ends with os._exit, which skips atexit, after
        running multiprocessing's exit finalizers (granian's WSGI workers end so)."""
        import multiprocessing.util

        finalizers: list[t.Callable[[], None]] = []

        def finalize(obj: object, callback: t.Callable[[], None], **options: t.Any) -> None:
            assert obj is None
            assert options["exitpriority"] > 0
            finalizers.append(callback)

        monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
        monkeypatch.setattr(multiprocessing.util, "Finalize", finalize)
        events: list[str] = []
        app = self.make_app(events, "in_a_worker")
        app.test_client(protocol="wsgi").get("/").close()
        (finalizer,) = finalizers
        finalizer()
        assert events == ["in_a_worker stopped"]
        # atexit, had it run too, finds nothing more to do.
        exit_handlers[0]()
        assert events == ["in_a_worker stopped"]
