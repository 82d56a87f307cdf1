"""What ``import demijohn`` loads: an application served over WSGI pays only for what it uses,
and one that is not run from the command line does not load it.

Each check runs in a fresh interpreter, since this test process has long since imported
everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

#: Loaded only once something is served over ASGI or awaited from synchronous code.
ASYNC_ONLY = ("asyncio", "greenlet", "concurrent.futures")


def loaded_after(code: str) -> set[str]:
    """The top-level and dotted names in ``sys.modules`` after running ``code`` afresh."""
    script = textwrap.dedent(code) + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


#: Loaded only once the command line runs or an application's ``cli`` group is used.
COMMAND_LINE_ONLY = ("click", "demijohn.cli", "demijohn.commands", "demijohn.cli.discovery")


def test_import_loads_no_async_machinery_and_no_command_line() -> None:
    modules = loaded_after("import demijohn")
    assert not modules & {*ASYNC_ONLY, *COMMAND_LINE_ONLY}


def test_an_application_with_blueprints_loads_no_command_line() -> None:
    modules = loaded_after(
        """
        import io
        import demijohn

        app = demijohn.Demijohn("hello")
        blueprint = demijohn.Blueprint("shop", __name__, url_prefix="/shop")
        blueprint.add_url_rule("/", "index", lambda: "shop")
        app.register_blueprint(blueprint)

        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": "/shop/", "SERVER_NAME": "localhost",
            "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
        }
        assert b"".join(app(environ, lambda *args: None)) == b"shop"
        """
    )
    assert not modules & set(COMMAND_LINE_ONLY)


def test_using_the_cli_group_loads_click() -> None:
    modules = loaded_after(
        """
        import demijohn

        app = demijohn.Demijohn("hello")

        @app.cli.command()
        def hello():
            print("hello")

        assert app.cli.name == "hello"
        """
    )
    assert {"click", "demijohn.cli.groups"} <= modules


def test_a_wsgi_request_loads_no_async_machinery() -> None:
    modules = loaded_after(
        """
        import io
        import demijohn

        app = demijohn.Demijohn("hello")

        @app.get("/")
        def index():
            return "Hello"

        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": "/", "SERVER_NAME": "localhost",
            "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
        }
        status = []
        body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
        assert (status, body) == (["200 OK"], b"Hello"), (status, body)
        """
    )
    assert not modules & set(ASYNC_ONLY)


def test_serving_over_asgi_loads_it() -> None:
    modules = loaded_after(
        """
        import asyncio
        import demijohn

        app = demijohn.Demijohn("hello")

        @app.get("/")
        async def index():
            return "Hello"

        sent = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "scheme": "http", "path": "/", "raw_path": b"/", "query_string": b"",
            "headers": [(b"host", b"localhost")], "server": ("localhost", 80),
        }
        asyncio.run(app.asgi(scope, receive, send))
        assert sent[0]["status"] == 200 and sent[1]["body"] == b"Hello", sent
        """
    )
    assert {"asyncio", "greenlet"} <= modules


def test_an_async_view_under_wsgi_runs_in_an_event_loop() -> None:
    modules = loaded_after(
        """
        import demijohn

        app = demijohn.Demijohn("hello")

        @app.get("/")
        async def index():
            return "Hello"

        assert app.test_client().get("/").data == b"Hello"
        """
    )
    assert "asyncio" in modules
