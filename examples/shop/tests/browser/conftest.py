"""Fixtures of the browser tests: the shop served by a real server (gunicorn over WSGI,
uvicorn over ASGI) on a free port of 127.0.0.1, and Debian's Chromium driven by Playwright.

Playwright's own browser download is not used: the tests launch the ``chromium`` on the
``PATH`` (``make browser`` installs Debian's). Each step's screenshot is written to
``build/screenshots/<protocol>/``, an artefact of the run.
"""

from __future__ import annotations

import http.client
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import typing as t

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

ROOT = pathlib.Path(__file__).parents[4]
SCREENSHOTS = ROOT / "build" / "screenshots"
HOST = "127.0.0.1"
#: How long a server may take to answer its first request, and Playwright to wait for a page
#: or an element.
START_TIMEOUT = 30.0
TIMEOUT_MILLISECONDS = 10_000
# Assertions wait as long as actions do: a polling page takes a few seconds to see news.
expect.set_options(timeout=TIMEOUT_MILLISECONDS)

#: How each protocol's server is started, given its port.
SERVERS: dict[str, t.Callable[[int], list[str]]] = {
    "wsgi": lambda port: [
        *("gunicorn", "-b", f"{HOST}:{port}", "-k", "gthread", "--threads", "4"),
        "examples.shop.wsgi:app",
    ],
    "asgi": lambda port: ["uvicorn", "--host", HOST, "--port", str(port), "examples.shop.asgi:app"],
}


class Shop(t.NamedTuple):
    """The shop under a server: its protocol, its base URL and its screenshots' folder."""

    protocol: str
    url: str
    screenshots: pathlib.Path


class Steps:
    """Screenshots of a test's steps, numbered in order: ``01-home.png``, ``02-...``."""

    def __init__(self, page: Page, folder: pathlib.Path, prefix: str = "") -> None:
        self.page = page
        self.folder = folder
        self.prefix = prefix
        self.count = 0

    def shot(self, name: str) -> None:
        self.count += 1
        path = self.folder / f"{self.prefix}{self.count:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, log: pathlib.Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The server stopped at start:\n{log.read_text()}")
        connection = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)  # polling for the port to open, not synchronising a test
        finally:
            connection.close()
    pytest.fail(f"The server did not answer within {START_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture(scope="module", params=sorted(SERVERS))
def shop(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> t.Iterator[Shop]:
    """The shop, in its development settings on a new database, under each protocol's server
    for the module's tests."""
    protocol = t.cast(str, request.param)
    folder = tmp_path_factory.mktemp(protocol)
    port = _free_port()
    bin_folder = os.path.dirname(sys.executable)
    environ = {
        **os.environ,
        "PATH": os.pathsep.join([bin_folder, os.environ.get("PATH", "")]),
        "SHOP_ENVIRONMENT": "development",
        "SHOP_DATABASE_URL": f"sqlite:///{folder / 'shop.sqlite3'}",
        "SHOP_SECRET_KEY_FILE": str(folder / "secret-key"),
        "SHOP_LIVE_INTERVAL_SECONDS": "0.2",
    }
    screenshots = SCREENSHOTS / protocol
    shutil.rmtree(screenshots, ignore_errors=True)
    screenshots.mkdir(parents=True)
    log = folder / "server.log"
    with log.open("wb") as output:
        command = [sys.executable, "-m", *SERVERS[protocol](port)]
        process = subprocess.Popen(
            command, cwd=ROOT, env=environ, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_ready(process, port, log)
            yield Shop(protocol, f"http://{HOST}:{port}", screenshots)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    if "Traceback (most recent call last)" in log.read_text():
        pytest.fail(f"The server logged an error:\n{log.read_text()}")


def chromium_path() -> str:
    """Debian's Chromium, which ``make browser`` installs."""
    found = shutil.which("chromium")
    if found is None:
        pytest.fail(
            "The browser tests drive Debian's Chromium, and there is no 'chromium' on the PATH."
            " Install it with 'make browser' (apt-get install chromium)."
        )
    return found


# Module-scoped, not session-scoped: Playwright's sync API keeps an event loop running in this
# thread while it is started, which the ASGI test client of the tests that follow cannot share.
@pytest.fixture(scope="module")
def playwright() -> t.Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> t.Iterator[Browser]:
    # Chromium's sandbox needs user namespaces, which a root process in a container lacks.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    chromium = playwright.chromium.launch(executable_path=chromium_path(), args=args)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def new_page(browser: Browser) -> t.Iterator[t.Callable[..., Page]]:
    """Make pages, each in a browsing context of its own (its own cookies), closed after."""
    contexts = []

    def make(**options: t.Any) -> Page:
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MILLISECONDS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
