"""Tests for demijohn.globals: the context-local proxies, outside any context, in threads,
greenlets and asyncio tasks."""

from __future__ import annotations

import asyncio
import threading
import typing as t

import greenlet
import pytest

import demijohn
from demijohn import Demijohn, current_app, g, has_request_context, request, session
from demijohn.ctx import AppContext
from demijohn.globals import app_ctx, request_ctx
from demijohn.testing import DemijohnClient

APP_PROXIES = ["app_ctx", "current_app", "g"]
REQUEST_PROXIES = ["request_ctx", "request", "session"]


def _proxy(name: str) -> t.Any:
    return getattr(demijohn.globals, name)


@pytest.mark.parametrize("name", APP_PROXIES)
def test_app_proxies_outside_an_app_context(name: str) -> None:
    with pytest.raises(RuntimeError) as info:
        _ = _proxy(name).some_attribute
    message = str(info.value)
    assert "Working outside of application context" in message
    assert "app.app_context()" in message


@pytest.mark.parametrize("name", REQUEST_PROXIES)
def test_request_proxies_outside_a_request_context(name: str) -> None:
    with pytest.raises(RuntimeError) as info:
        _ = _proxy(name).some_attribute
    message = str(info.value)
    assert "Working outside of request context" in message
    assert "test_request_context()" in message


@pytest.mark.parametrize("name", REQUEST_PROXIES)
def test_request_proxies_need_a_request_even_in_an_app_context(app: Demijohn, name: str) -> None:
    with app.app_context(), pytest.raises(RuntimeError, match="outside of request context"):
        _ = _proxy(name).some_attribute


def test_top_level_names_are_the_proxies() -> None:
    assert demijohn.current_app is demijohn.globals.current_app
    assert demijohn.g is demijohn.globals.g
    assert demijohn.request is demijohn.globals.request
    assert demijohn.session is demijohn.globals.session


def test_proxies_stand_for_the_current_objects(app: Demijohn) -> None:
    with app.test_request_context("/p") as ctx:
        assert isinstance(app_ctx._get_current_object(), AppContext)  # type: ignore[attr-defined]
        assert app_ctx.app is app
        assert current_app._get_current_object() is app  # type: ignore[attr-defined]
        assert g._get_current_object() is app_ctx.g  # type: ignore[attr-defined]
        assert request_ctx._get_current_object() is ctx  # type: ignore[attr-defined]
        assert request._get_current_object() is ctx.request  # type: ignore[attr-defined]
        assert session._get_current_object() is ctx.session  # type: ignore[attr-defined]
        assert request.path == "/p"


def test_proxies_follow_the_innermost_context(app: Demijohn) -> None:
    with app.test_request_context("/outer"):
        with app.test_request_context("/inner"):
            assert request.path == "/inner"
        assert request.path == "/outer"


def test_each_thread_sees_its_own_context(app: Demijohn) -> None:
    both_pushed = threading.Barrier(2)
    seen: dict[str, tuple[str, str, bool]] = {}

    def worker(path: str) -> None:
        with app.test_request_context(path):
            g.path = path
            both_pushed.wait(timeout=10)
            seen[path] = (request.path, g.path, current_app.name == app.name)

    threads = [threading.Thread(target=worker, args=(p,)) for p in ("/one", "/two")]
    with app.test_request_context("/main"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert request.path == "/main"
        assert "path" not in g
    assert seen == {"/one": ("/one", "/one", True), "/two": ("/two", "/two", True)}


def test_a_context_pushed_in_a_thread_stays_there(app: Demijohn) -> None:
    pushed = threading.Event()
    release = threading.Event()

    def worker() -> None:
        with app.app_context():
            pushed.set()
            release.wait(timeout=10)

    thread = threading.Thread(target=worker)
    thread.start()
    pushed.wait(timeout=10)
    try:
        assert not demijohn.has_app_context()
    finally:
        release.set()
        thread.join()


def test_each_greenlet_sees_its_own_context(app: Demijohn) -> None:
    seen: list[tuple[str, bool]] = []

    def child() -> None:
        seen.append(("child start", has_request_context()))
        with app.test_request_context("/child"):
            greenlet.getcurrent().parent.switch()
            seen.append((request.path, True))

    with app.test_request_context("/parent"):
        child_greenlet = greenlet.greenlet(child)
        child_greenlet.switch()
        seen.append((request.path, True))
        child_greenlet.switch()
        assert request.path == "/parent"
    assert seen == [("child start", False), ("/parent", True), ("/child", True)]


def test_asyncio_tasks_see_the_context_they_were_created_in(app: Demijohn) -> None:
    async def read_path() -> str:
        return request.path

    async def main() -> str:
        return await asyncio.create_task(read_path())

    with app.test_request_context("/async"):
        assert asyncio.run(main()) == "/async"


def test_each_asyncio_task_sees_its_own_context(app: Demijohn) -> None:
    async def handle(path: str, barrier: asyncio.Barrier) -> tuple[str, str]:
        with app.test_request_context(path):
            g.path = path
            await barrier.wait()
            return request.path, g.path

    async def main() -> list[tuple[str, str]]:
        barrier = asyncio.Barrier(3)
        tasks = [asyncio.create_task(handle(p, barrier)) for p in ("/a", "/b", "/c")]
        return list(await asyncio.gather(*tasks))

    assert asyncio.run(main()) == [("/a", "/a"), ("/b", "/b"), ("/c", "/c")]
    assert not has_request_context()


def test_async_view_sees_the_request(app: Demijohn, client: DemijohnClient) -> None:
    @app.route("/view")
    async def view() -> str:
        return f"{request.path} {current_app.name}"

    assert client.get("/view").text == "/view demijohn_test_app"
