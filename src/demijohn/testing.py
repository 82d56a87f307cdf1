"""Testing tools: a test client on Werkzeug's, an environment builder that knows the
application's URL settings, and a runner for CLI commands.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import typing as t
from contextlib import ExitStack, contextmanager
from copy import copy
from urllib.parse import urlsplit

import werkzeug.test
import werkzeug.wsgi
from click.testing import CliRunner, Result
from werkzeug.datastructures import Headers
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.test import Client
from werkzeug.wrappers import Request as BaseRequest

from . import conventions, signals
from .cli import ScriptInfo
from .globals import _cv_request

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment
    from werkzeug.test import TestResponse

    from .app import Demijohn
    from .sessions import SessionMixin


class EnvironBuilder(werkzeug.test.EnvironBuilder):
    """A :class:`werkzeug.test.EnvironBuilder` whose base URL comes from the application's
    ``SERVER_NAME``, ``APPLICATION_ROOT`` and ``PREFERRED_URL_SCHEME``, and which encodes
    ``json=`` with the application's JSON provider.

    :param app: the application.
    :param path: the path, possibly with a query string, scheme and host.
    :param base_url: the base URL; built from the config when not given.
    :param subdomain: a subdomain to prefix ``SERVER_NAME`` with.
    :param url_scheme: the scheme; ``PREFERRED_URL_SCHEME`` by default.
    """

    def __init__(
        self,
        app: Demijohn,
        path: str = "/",
        base_url: str | None = None,
        subdomain: str | None = None,
        url_scheme: str | None = None,
        *args: t.Any,
        **kwargs: t.Any,
    ) -> None:
        if base_url is None:
            base_url, path = _base_url(app, path, subdomain, url_scheme)
        elif subdomain or url_scheme:
            raise ValueError(
                "'subdomain' and 'url_scheme' cannot be combined with 'base_url'; put them in"
                " the base URL."
            )
        self.app = app
        super().__init__(path, base_url, *args, **kwargs)

    def json_dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize ``json=`` data with the application's JSON provider."""
        return self.app.json.dumps(obj, **kwargs)


def _base_url(
    app: Demijohn, path: str, subdomain: str | None, url_scheme: str | None
) -> tuple[str, str]:
    http_host = app.config.get("SERVER_NAME") or "localhost"
    app_root = app.config["APPLICATION_ROOT"]
    if subdomain:
        http_host = f"{subdomain}.{http_host}"
    if url_scheme is None:
        url_scheme = app.config["PREFERRED_URL_SCHEME"]
    url = urlsplit(path)
    base_url = f"{url.scheme or url_scheme}://{url.netloc or http_host}/{app_root.lstrip('/')}"
    path = url.path
    if url.query:
        path = f"{path}?{url.query}"
    return base_url, path


class DemijohnClient(Client):
    """The test client :meth:`Demijohn.test_client <demijohn.Demijohn.test_client>` returns.

    With ``protocol="asgi"`` requests go through the application's ASGI driver instead of
    its WSGI one; everything else about the client stays the same.

    Inside ``with client:``, the contexts of the last request stay pushed until the block
    ends, so a test can inspect ``request``, ``session`` and ``g`` after the request.
    """

    application: Demijohn

    #: The protocol of clients created without one. ``pytest --demijohn-protocol=asgi`` sets
    #: it for a whole test run, so a suite written for WSGI also runs over the ASGI driver.
    default_protocol: t.ClassVar[str] = "wsgi"

    def __init__(self, *args: t.Any, protocol: str | None = None, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        if protocol is None:
            protocol = self.default_protocol
        if protocol not in ("wsgi", "asgi"):
            raise ValueError(f"The protocol must be 'wsgi' or 'asgi', not {protocol!r}.")
        #: ``"wsgi"`` calls the application as a WSGI app; ``"asgi"`` runs each request through
        #: its ASGI entry point in an event loop, so the same tests cover both drivers.
        self.protocol = protocol
        self.preserve_context = False
        self._new_contexts: list[t.ContextManager[t.Any]] = []
        self._context_stack = ExitStack()
        self.environ_base = {
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": f"Werkzeug/{_werkzeug_version()}",
        }

    @contextmanager
    def session_transaction(self, *args: t.Any, **kwargs: t.Any) -> t.Iterator[SessionMixin]:
        """Open the client's session for changing in a ``with`` block; the changes are saved
        into the client's cookie when the block ends. Arguments are those of
        :meth:`~demijohn.Demijohn.test_request_context`.
        """
        if self._cookies is None:
            raise TypeError(
                "Cookies are disabled, so there is no session to change. Create the client"
                " with 'use_cookies=True'."
            )
        app = self.application
        ctx = app.test_request_context(*args, **kwargs)
        self._add_cookies_to_wsgi(ctx.request.environ)
        with ctx:
            session = app.session_interface.open_session(app, ctx.request)
        if session is None:
            raise RuntimeError(conventions.current().messages.no_session_to_change)
        yield session
        if app.session_interface.is_null_session(session):
            return
        response = app.response_class()
        with ctx:
            app.session_interface.save_session(app, session, response)
        self._update_cookies_from_response(
            ctx.request.host.partition(":")[0],
            ctx.request.path,
            response.headers.getlist("Set-Cookie"),
        )

    def run_wsgi_app(
        self, environ: WSGIEnvironment, buffered: bool = False
    ) -> tuple[t.Iterable[bytes], str, Headers]:
        """Run the application with ``environ``, over :attr:`protocol`."""
        if self.protocol == "wsgi":
            return super().run_wsgi_app(environ, buffered=buffered)
        self._add_cookies_to_wsgi(environ)
        rv = werkzeug.test.run_wsgi_app(ASGIBridge(self.application), environ, buffered)
        url = urlsplit(werkzeug.wsgi.get_current_url(environ))
        self._update_cookies_from_response(
            url.hostname or "localhost", url.path, rv[2].getlist("Set-Cookie")
        )
        return rv

    def websocket(
        self, *args: t.Any, subprotocols: t.Sequence[str] = (), **kwargs: t.Any
    ) -> WebSocketSession:
        """Open a WebSocket to the application (over ASGI, whatever :attr:`protocol` is), to
        use as ``with client.websocket("/ws") as ws:``. The arguments are those of
        :class:`EnvironBuilder` (path, query string, headers).

        :param subprotocols: the subprotocols to offer.
        """
        kwargs["environ_base"] = self._copy_environ(kwargs.get("environ_base", {}))
        builder = EnvironBuilder(self.application, *args, **kwargs)
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
        self._add_cookies_to_wsgi(environ)
        scope = scope_from_environ(environ)
        scope["type"] = "websocket"
        scope["scheme"] = "wss" if scope["scheme"] == "https" else "ws"
        scope["subprotocols"] = list(subprotocols)
        scope["extensions"] = {"websocket.http.response": {}}
        scope["headers"] += [(b"upgrade", b"websocket"), (b"connection", b"upgrade")]
        del scope["method"]
        return WebSocketSession(self.application, scope)

    def _copy_environ(self, other: WSGIEnvironment) -> WSGIEnvironment:
        environ = {**self.environ_base, **other}
        if self.preserve_context:
            environ["werkzeug.debug.preserve_context"] = self._new_contexts.append
        return environ

    def _request_from_builder_args(
        self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]
    ) -> BaseRequest:
        kwargs["environ_base"] = self._copy_environ(kwargs.get("environ_base", {}))
        builder = EnvironBuilder(self.application, *args, **kwargs)
        try:
            return builder.get_request()
        finally:
            builder.close()

    def open(
        self,
        *args: t.Any,
        buffered: bool = False,
        follow_redirects: bool = False,
        **kwargs: t.Any,
    ) -> TestResponse:
        """Send a request; the arguments are those of :class:`EnvironBuilder`, or a single
        builder, environ dict or request object."""
        if args and isinstance(args[0], werkzeug.test.EnvironBuilder | dict | BaseRequest):
            request = self._request_from_object(args[0])
        else:
            request = self._request_from_builder_args(args, kwargs)
        # Contexts kept from the previous request are popped before the next one. Those of a
        # request that raised were never pushed again; drop them so no later request pushes them.
        self._context_stack.close()
        self._new_contexts.clear()
        response = super().open(request, buffered=buffered, follow_redirects=follow_redirects)
        response.json_module = self.application.json  # type: ignore[assignment]
        while self._new_contexts:
            self._context_stack.enter_context(self._new_contexts.pop(0))
        return response

    def _request_from_object(self, source: t.Any) -> BaseRequest:
        if isinstance(source, werkzeug.test.EnvironBuilder):
            builder = copy(source)
            builder.environ_base = self._copy_environ(dict(builder.environ_base or {}))
            return builder.get_request()
        if isinstance(source, dict):
            return EnvironBuilder.from_environ(
                source, app=self.application, environ_base=self._copy_environ({})
            ).get_request()
        request = copy(source)
        request.environ = self._copy_environ(request.environ)
        return t.cast(BaseRequest, request)

    def __enter__(self) -> DemijohnClient:
        if self.preserve_context:
            raise RuntimeError("Cannot nest client invocations ('with client:' twice).")
        self.preserve_context = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.preserve_context = False
        self._context_stack.close()


class ASGIBridge:
    """A WSGI callable that serves each request through an application's ASGI entry point,
    in a fresh event loop: what lets Werkzeug's test client drive the ASGI driver.

    :param app: the application.
    """

    def __init__(self, app: Demijohn) -> None:
        self.app = app

    def __call__(
        self, environ: WSGIEnvironment, start_response: t.Callable[..., t.Any]
    ) -> list[bytes]:
        scope = scope_from_environ(environ)
        length = environ.get("CONTENT_LENGTH")
        stream = environ["wsgi.input"]
        position = stream.tell() if stream.seekable() else None
        body = stream.read(int(length)) if length else stream.read()
        if position is not None:
            # Leave the body unread, as a WSGI app that does not read it would, so that
            # following a 307 or 308 redirect sends it again.
            stream.seek(position)
        messages: list[dict[str, t.Any]] = [
            {"type": "http.request", "body": body, "more_body": False}
        ]
        sent: list[t.MutableMapping[str, t.Any]] = []
        finished: asyncio.Event | None = None

        async def receive() -> dict[str, t.Any]:
            nonlocal finished
            if messages:
                return messages.pop(0)
            # Like a real client, stay connected until the whole response has arrived.
            finished = finished or asyncio.Event()
            if not _response_complete(sent):
                await finished.wait()
            return {"type": "http.disconnect"}

        async def send(message: t.MutableMapping[str, t.Any]) -> None:
            sent.append(message)
            if finished is not None and _response_complete(sent):
                finished.set()

        names = _HeaderNames(scope)
        signals.request_finished.connect(names.record, self.app, weak=False)
        try:
            asyncio.run(self.app.asgi(scope, receive, send))
        finally:
            signals.request_finished.disconnect(names.record, self.app)
        start = sent[0]
        code = start["status"]
        # The same status line Werkzeug's response would give, so tests that compare
        # ``response.status`` see no difference between the protocols.
        phrase = HTTP_STATUS_CODES.get(code, "UNKNOWN").upper()
        start_response(
            f"{code} {phrase}",
            [(names.get(k), v.decode("latin-1")) for k, v in start["headers"]],
        )
        return [m.get("body", b"") for m in sent[1:]]


class _HeaderNames:
    """The response header names of one request as the application wrote them.

    ASGI sends header names lowercased; WSGI and Flask keep their case, and tests compare
    them (``name == "Set-Cookie"``, ``headers.keys()``). The names are taken from the
    response as the request finishes (``request_finished``); a header added after that (by
    Werkzeug as the response is sent, or by WSGI middleware) gets the usual capitalisation,
    as Werkzeug writes the ones it adds (``Content-Length``).

    :param scope: the request's scope, which tells its response from others the application
        sends meanwhile.
    """

    def __init__(self, scope: t.Mapping[str, t.Any]) -> None:
        self._scope = scope
        self._names: dict[bytes, str] = {}

    def record(self, sender: object, response: t.Any, **extra: t.Any) -> None:
        """The ``request_finished`` receiver: remember the names of this request's
        response."""
        ctx = _cv_request.get(None)
        if ctx is None or ctx.request.environ.get("asgi.scope") is not self._scope:
            return
        for name, _ in response.headers:
            self._names.setdefault(name.lower().encode("latin-1"), name)

    def get(self, raw: bytes) -> str:
        """The name of the header ASGI sent as ``raw``."""
        name = self._names.get(raw)
        if name is None:
            name = "-".join(part.capitalize() for part in raw.decode("latin-1").split("-"))
        return name


class WebSocketRejected(Exception):
    """The application answered a test WebSocket handshake with an HTTP response.

    :param status_code: the response's status.
    :param headers: its headers.
    :param body: its body.
    """

    def __init__(self, status_code: int, headers: Headers, body: bytes) -> None:
        super().__init__(f"The WebSocket handshake was rejected with status {status_code}.")
        self.status_code = status_code
        self.headers = headers
        self.body = body


class WebSocketClosed(Exception):
    """The application closed the test WebSocket.

    :param code: the close code.
    :param reason: the reason given.
    """

    def __init__(self, code: int, reason: str = "") -> None:
        super().__init__(f"The application closed the WebSocket with code {code}.")
        self.code = code
        self.reason = reason


class WebSocketSession:
    """A WebSocket connection to the application in a test, opened with
    :meth:`DemijohnClient.websocket`. The application runs over ASGI in a thread with its own
    event loop; each call here waits for it.

    :param app: the application.
    :param scope: the ASGI ``websocket`` scope.
    :param timeout: how long to wait for the application, in seconds, before failing.
    """

    def __init__(self, app: Demijohn, scope: dict[str, t.Any], timeout: float = 10) -> None:
        self.app = app
        self.scope = scope
        self.timeout = timeout
        self._to_app: queue.Queue[dict[str, t.Any]] = queue.Queue()
        self._from_app: queue.Queue[t.MutableMapping[str, t.Any] | BaseException] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        #: The subprotocol the application accepted.
        self.accepted_subprotocol: str | None = None
        #: The handshake response's extra headers.
        self.accept_headers: Headers = Headers()
        self.close_code: int | None = None

    def _serve(self) -> None:
        async def receive() -> dict[str, t.Any]:
            return await asyncio.get_running_loop().run_in_executor(None, self._to_app.get)

        async def send(message: t.MutableMapping[str, t.Any]) -> None:
            self._from_app.put(message)

        try:
            asyncio.run(self.app.asgi(self.scope, receive, send))
        except BaseException as e:
            self._from_app.put(e)
        self._from_app.put({"type": "demijohn.test.finished"})

    def _next(self) -> t.MutableMapping[str, t.Any]:
        try:
            item = self._from_app.get(timeout=self.timeout)
        except queue.Empty:
            raise TimeoutError(
                f"The application sent nothing on the WebSocket for {self.timeout} seconds."
            ) from None
        if isinstance(item, BaseException):
            raise item
        return item

    def __enter__(self) -> WebSocketSession:
        self._thread.start()
        self._to_app.put({"type": "websocket.connect"})
        message = self._next()
        if message["type"] == "websocket.accept":
            self.accepted_subprotocol = message.get("subprotocol")
            self.accept_headers = Headers(
                [(k.decode("latin-1"), v.decode("latin-1")) for k, v in message["headers"]]
            )
            return self
        self._thread.join(self.timeout)
        if message["type"] == "websocket.http.response.start":
            body = self._next().get("body", b"")
            headers = Headers(
                [(k.decode("latin-1"), v.decode("latin-1")) for k, v in message["headers"]]
            )
            raise WebSocketRejected(message["status"], headers, body)
        raise WebSocketRejected(403, Headers(), b"")

    def __exit__(self, *exc_info: object) -> None:
        if self.close_code is None:
            self.close()
        self._thread.join(self.timeout)

    def send(self, data: str | bytes) -> None:
        """Send a text or binary message to the application."""
        key = "text" if isinstance(data, str) else "bytes"
        self._to_app.put({"type": "websocket.receive", key: data})

    def send_json(self, data: t.Any) -> None:
        """Send ``data`` as a JSON text message."""
        self.send(self.app.json.dumps(data))

    def receive(self) -> str | bytes:
        """The application's next message.

        :raises WebSocketClosed: the application closed the connection.
        """
        message = self._next()
        if message["type"] == "websocket.close":
            self.close_code = message.get("code", 1000)
            raise WebSocketClosed(self.close_code or 1000, message.get("reason") or "")
        if message["type"] == "demijohn.test.finished":
            self.close_code = 1006
            raise WebSocketClosed(1006, "the handler ended without closing")
        text: str | None = message.get("text")
        if text is not None:
            return text
        return bytes(message.get("bytes", b""))

    def receive_json(self) -> t.Any:
        """The application's next message, decoded as JSON."""
        return self.app.json.loads(self.receive())

    def close(self, code: int = 1000) -> None:
        """Close the connection from the client's side."""
        self.close_code = code
        self._to_app.put({"type": "websocket.disconnect", "code": code})


def _response_complete(sent: list[t.MutableMapping[str, t.Any]]) -> bool:
    last = sent[-1] if sent else {}
    return last.get("type") == "http.response.body" and not last.get("more_body", False)


def scope_from_environ(environ: WSGIEnvironment) -> dict[str, t.Any]:
    """The ASGI HTTP scope of the request a WSGI environ describes.

    :param environ: the WSGI environ.
    """
    headers = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:]
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            name = key
        else:
            continue
        # An empty CONTENT_TYPE or CONTENT_LENGTH means "no body", but an empty HTTP_ value
        # is a header the client sent with no value, which the application must still see.
        if value or key.startswith("HTTP_"):
            headers.append(
                (name.replace("_", "-").lower().encode("latin-1"), value.encode("latin-1"))
            )
    path = environ.get("PATH_INFO", "").encode("latin-1")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": environ.get("SERVER_PROTOCOL", "HTTP/1.1").partition("/")[2] or "1.1",
        "method": environ["REQUEST_METHOD"],
        "scheme": environ.get("wsgi.url_scheme", "http"),
        "path": path.decode("utf-8", "replace"),
        "raw_path": path,
        "query_string": environ.get("QUERY_STRING", "").encode("latin-1"),
        "root_path": environ.get("SCRIPT_NAME", ""),
        "headers": headers,
        "client": (environ.get("REMOTE_ADDR", ""), int(environ.get("REMOTE_PORT") or 0)),
        "server": (environ.get("SERVER_NAME", "localhost"), int(environ.get("SERVER_PORT") or 80)),
        "demijohn.environ": {
            k: v
            for k, v in environ.items()
            if k == "wsgi.errors" or not (k.isupper() or k.startswith("wsgi."))
        },
    }


def _werkzeug_version() -> str:
    from importlib.metadata import version

    return version("werkzeug")


class DemijohnCliRunner(CliRunner):
    """A :class:`click.testing.CliRunner` that invokes the application's commands.

    :param app: the application.
    """

    def __init__(self, app: Demijohn, **kwargs: t.Any) -> None:
        self.app = app
        super().__init__(**kwargs)

    def invoke(  # type: ignore[override]
        self, cli: t.Any = None, args: t.Any = None, **kwargs: t.Any
    ) -> Result:
        """Invoke a command (``app.cli`` by default) in an isolated environment, with a
        :class:`~demijohn.cli.ScriptInfo` that loads this application.

        :param cli: the command; ``app.cli`` by default.
        :param args: the command-line arguments.
        :param kwargs: passed to :meth:`click.testing.CliRunner.invoke`.
        """
        if cli is None:
            cli = self.app.cli
        if "obj" not in kwargs:
            kwargs["obj"] = ScriptInfo(create_app=lambda: self.app)
        return super().invoke(cli, args, **kwargs)
