"""The request and response classes: Werkzeug's wrappers with what routing and config add.

Applications replace them through :attr:`Demijohn.request_class` and
:attr:`Demijohn.response_class`. Nothing here reads a context variable on the hot path except the
limits, which fall back to Werkzeug's defaults outside an application.
"""

from __future__ import annotations

import logging
import typing as t
import urllib.parse

from werkzeug.datastructures import EnvironHeaders, Headers
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge
from werkzeug.sansio.request import Request as _SansIORequest
from werkzeug.utils import cached_property, get_content_type
from werkzeug.wrappers import Request as _WerkzeugRequest
from werkzeug.wrappers import Response as _WerkzeugResponse
from werkzeug.wsgi import get_input_stream

from . import json, werkzeug_privates
from .globals import _cv_app
from .werkzeug_privates import plain_response, send_as_is

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment
    from werkzeug.datastructures import FileStorage, ImmutableMultiDict
    from werkzeug.routing import Rule

    from .websocket import WebSocket


T = t.TypeVar("T")


def _decode_wsgi_string(value: str) -> str:
    """A PEP 3333 native string (the bytes the server received, each as one latin-1
    character) decoded as UTF-8, invalid bytes replaced: how Werkzeug reads the path and the
    script name. A string no server can give (with characters beyond latin-1) is read as the
    text it already is, lone surrogates replaced."""
    try:
        return value.encode("latin-1").decode(errors="replace")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode(errors="replace")


def _refuse_unencodable_path(request: Request, path: str) -> None:
    """Answer a request whose ``PATH_INFO`` has characters beyond latin-1, which PEP 3333
    rules out (a WSGI server passes the bytes it received, one latin-1 character each), with
    a 400 instead of a routing error; logged once as the server's (or the caller's) mistake."""
    request.routing_exception = BadRequest("The request's path could not be read.")
    logging.getLogger("demijohn.wsgi").warning(
        "Refused a malformed WSGI environ with a 400: its 'PATH_INFO' %r has characters"
        " beyond latin-1, which a WSGI server never passes (PEP 3333: each byte received is"
        " one latin-1 character). Check the server, middleware or test that built it.",
        path[:80],
    )


def _server_address(environ: WSGIEnvironment) -> tuple[str, int | None] | None:
    """The server's host and port from ``SERVER_NAME`` and ``SERVER_PORT``, as Werkzeug's
    request reads them: no name gives ``None``, a port that is not a number (a Unix socket)
    gives ``None`` for the port."""
    name = environ.get("SERVER_NAME")
    if name is None:
        return None
    try:
        port: int | None = int(environ.get("SERVER_PORT"))  # type: ignore[arg-type]  # None fails too
    except (TypeError, ValueError):
        port = None
    return name, port


def _get_query_string(environ: WSGIEnvironment) -> bytes:
    """The query string's bytes. Bytes outside ASCII, which clients should have percent-encoded
    but WSGI servers and the ASGI driver pass on as they came, are percent-encoded here, so
    that ``args`` reads them (bytes that are not UTF-8 stay percent-encoded, as Werkzeug
    leaves them) instead of failing with a 500."""
    query: str = environ.get("QUERY_STRING", "")
    if query.isascii():
        return query.encode("ascii")
    try:
        raw = query.encode("latin-1")
    except UnicodeEncodeError:  # not a PEP 3333 native string: text, not bytes as latin-1
        raw = query.encode("utf-8", "surrogatepass")
    return urllib.parse.quote_from_bytes(raw, safe=_ASCII).encode("ascii")


_ASCII = bytes(range(128))


class _FromEnviron(t.Generic[T]):
    """A request attribute that Werkzeug's constructor sets from the environ, set on first use
    instead, to the same value. Assigning to it works as for a plain attribute."""

    def __init__(self, derive: t.Callable[[WSGIEnvironment], T]) -> None:
        self.derive = derive

    def __set_name__(self, owner: type[t.Any], name: str) -> None:
        self.name = name

    @t.overload
    def __get__(self, request: None, owner: type[t.Any] | None = None) -> _FromEnviron[T]: ...

    @t.overload
    def __get__(self, request: Request, owner: type[t.Any] | None = None) -> T: ...

    def __get__(
        self, request: Request | None, owner: type[t.Any] | None = None
    ) -> T | _FromEnviron[T]:
        if request is None:
            return self
        value = request.__dict__[self.name] = self.derive(request.environ)
        return value


class _Headers:
    """``headers``: of the environ, or, for a request built with a dict of them keyed as an
    environ keys them, of that dict; made on first use. Assigning to it works as for a plain
    attribute."""

    @t.overload
    def __get__(self, request: None, owner: type[t.Any] | None = None) -> _Headers: ...

    @t.overload
    def __get__(self, request: Request, owner: type[t.Any] | None = None) -> Headers: ...

    def __get__(
        self, request: Request | None, owner: type[t.Any] | None = None
    ) -> Headers | _Headers:
        if request is None:
            return self
        keys = request._header_keys
        headers = request.__dict__["headers"] = EnvironHeaders(
            request.environ if keys is None else keys
        )
        return headers


class _LazyEnviron:
    """The ``environ`` of a request built without one: made on first use by the function
    the driver gave, then kept in the instance, where later reads find it (and where a request
    built from an environ keeps its own from the start)."""

    def __get__(self, request: Request | None, owner: type[t.Any] | None = None) -> t.Any:
        if request is None:
            return self
        make_environ = request._make_environ
        if make_environ is None:
            raise AttributeError(
                "This request has no WSGI environ: it was built neither from one nor by a"
                " driver that can make one."
            )
        environ = make_environ(request)
        environ["werkzeug.request"] = request
        # Plain attributes (never through __dict__, which would slow every later read).
        request.environ = environ
        request.has_environ = True
        return environ


class Request(_WerkzeugRequest):
    """The request object used by default: a :class:`werkzeug.wrappers.Request` that also knows
    the URL rule it matched and reads its size limits from the application's config.

    :attr:`view_args`, :attr:`url_rule` and :attr:`routing_exception` are set while the URL is
    matched. The properties :attr:`max_content_length`, :attr:`max_form_memory_size` and
    :attr:`max_form_parts` can be overridden per request by assigning to them.
    """

    json_module: t.Any = json

    def __init__(
        self, environ: WSGIEnvironment, populate_request: bool = True, shallow: bool = False
    ) -> None:
        # Werkzeug's constructor reads eight values from the environ; routing needs only the
        # method and the path, so the others are read when first used (see below), by the
        # same expressions as Werkzeug < 4.
        self.environ = environ
        self.shallow = shallow
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO") or ""
        if not path.isascii():  # an ASCII path reads the same either way
            if max(path) > "\xff":
                _refuse_unencodable_path(self, path)
            path = _decode_wsgi_string(path)
        self.path = "/" + path.lstrip("/")
        # What the request path asks of every request, read here as plainly as it can be
        # (see the attributes of the same names below).
        self._host_header = environ.get("HTTP_HOST")
        self._sent_cookies = "HTTP_COOKIE" in environ
        self._may_upgrade = "HTTP_UPGRADE" in environ or "demijohn.websocket" in environ
        if populate_request and not shallow:
            environ["werkzeug.request"] = self

    @classmethod
    def from_parts(
        cls,
        method: str,
        scheme: str,
        server: tuple[str, int | None] | None,
        root_path: str,
        path: str,
        query_string: bytes,
        headers: Headers | dict[str, str],
        remote_addr: str | None,
        stream: t.IO[bytes],
        make_environ: t.Callable[[Request], WSGIEnvironment],
        websocket: WebSocket | None = None,
    ) -> t.Self:
        """A request made from the values a protocol gives, without a WSGI environ: how the
        ASGI driver builds the request of each scope. The first eight arguments are those of
        :class:`werkzeug.sansio.request.Request`, already decoded (the path and root path as
        text, the query string as bytes), and give the same attributes.

        :attr:`environ` is made by ``make_environ`` the first time code reads it (WSGI
        middleware and some extensions do), then kept; the request path never does.

        :param headers: the headers, or a dict of them keyed as a WSGI environ keys them
            (``HTTP_HOST``, ``CONTENT_TYPE``, each value the header's, joined with a comma
            when it was sent twice, cookies with a semicolon), of which :attr:`headers` is
            made on first use.
        :param stream: the body, read as the server delivers it.
        :param make_environ: builds the WSGI environ of this request.
        :param websocket: the WebSocket of a WebSocket handshake.

        .. versionadded:: 0.1
        """
        request = cls.__new__(cls)
        keys = headers if isinstance(headers, dict) else None
        if werkzeug_privates.REQUEST_FIELDS:
            # PERF: the attributes Werkzeug's sans-IO constructor sets, by the same
            # expressions, but for the headers of a dict, which are made when first read.
            request.method = method.upper()
            request.scheme = scheme
            request.server = server
            request.root_path = root_path.rstrip("/")
            request.path = "/" + path.lstrip("/")
            request.query_string = query_string
            request.remote_addr = remote_addr
        else:
            given = EnvironHeaders(headers) if isinstance(headers, dict) else headers
            _SansIORequest.__init__(
                request, method, scheme, server, root_path, path, query_string, given, remote_addr
            )
        # Plain attributes, never through __dict__: that would slow every later read.
        request.shallow = False
        request.has_environ = False
        request._make_environ = make_environ
        request._body = stream
        request.websocket = websocket
        if keys is not None:
            request._header_keys = keys
            request._host_header = keys.get("HTTP_HOST")
            request._sent_cookies = "HTTP_COOKIE" in keys
            request._may_upgrade = websocket is not None or "HTTP_UPGRADE" in keys
        else:
            headers = t.cast("Headers", headers)  # no dict: keys is None
            request.headers = headers
            request._host_header = headers.get("Host")
            request._sent_cookies = "Cookie" in headers
            request._may_upgrade = websocket is not None or "Upgrade" in headers
        return request

    #: The WSGI environ of the request. A request the ASGI driver built has none until this
    #: is first read: it is then made from the request's protocol values, as complete as a
    #: WSGI server's, and kept.
    environ: WSGIEnvironment = _LazyEnviron()  # type: ignore[assignment]  # a plain attribute once set

    #: Whether :attr:`environ` exists yet, so that reading it costs nothing: always for a
    #: request built from one, only once read for one the ASGI driver built.
    has_environ: bool = True
    #: What makes the environ of a request built without one.
    _make_environ: t.Callable[[Request], WSGIEnvironment] | None = None
    _state: dict[str, t.Any] | None = None
    #: The headers of a request built with a dict of them (see :meth:`from_parts`).
    _header_keys: dict[str, str] | None = None

    @property
    def state(self) -> dict[str, t.Any]:
        """Values kept for as long as this request object: where an extension keeps what
        belongs to one request (its ID, the values provided to it), under keys it owns
        (``"myext.thing"``), as it would keep them in :attr:`environ` under WSGI. Unlike the
        environ, reading this never makes one for a request the ASGI driver built, which
        costs that request about as much as a small view. Made empty on first use.

        A request context copied for a thread or a stream
        (:func:`~demijohn.copy_current_request_context`, :func:`~demijohn.stream_with_context`)
        has the same request, so the same values; a new request made from the same environ has
        its own.

        .. versionadded:: 0.1
        """
        state = self._state
        if state is None:
            state = self._state = {}
        return state

    #: The body of a request built without an environ.
    _body: t.IO[bytes] | None = None

    @cached_property
    def stream(self) -> t.IO[bytes]:
        """The body as a stream, limited as Werkzeug limits it (a ``Content-Length`` over
        :attr:`max_content_length` is a 413)."""
        body = self._body
        if body is None:
            return get_input_stream(self.environ, max_content_length=self.max_content_length)
        length = self.content_length
        limit = self.max_content_length
        if length is not None and limit is not None and length > limit:
            raise RequestEntityTooLarge()
        return body

    @property
    def input_stream(self) -> t.IO[bytes]:  # type: ignore[override]  # read-only, as Werkzeug's
        """The raw body stream, unlimited: use :attr:`stream` instead."""
        body = self._body
        if body is None:
            return self.environ["wsgi.input"]  # type: ignore[no-any-return]
        return body

    scheme = _FromEnviron(lambda environ: environ.get("wsgi.url_scheme", "http"))
    server = _FromEnviron(_server_address)
    root_path = _FromEnviron(
        lambda environ: _decode_wsgi_string(environ.get("SCRIPT_NAME") or "").rstrip("/")
    )
    query_string = _FromEnviron(_get_query_string)
    headers = _Headers()
    remote_addr = _FromEnviron(lambda environ: environ.get("REMOTE_ADDR"))
    #: The WebSocket of a WebSocket handshake served over ASGI, else ``None``.
    websocket = _FromEnviron(lambda environ: environ.get("demijohn.websocket"))

    #: The raw ``Host`` header, or ``None``: what the host check looks at.
    _host_header: str | None
    #: Whether the client sent cookies: a request without any has no session to refresh.
    _sent_cookies: bool
    #: Whether the request may be a WebSocket handshake (an ``Upgrade`` header, or a
    #: WebSocket the driver attached), which the router leaves to the full URL map.
    _may_upgrade: bool

    #: The rule that matched the request, or ``None`` when matching failed or has not happened.
    url_rule: Rule | None = None

    #: The values captured from the URL, or ``None`` when matching failed.
    view_args: dict[str, t.Any] | None = None

    #: The :class:`~werkzeug.exceptions.HTTPException` matching raised (404, 405, a redirect),
    #: kept here and raised again when the request is dispatched.
    routing_exception: HTTPException | None = None

    _max_content_length: int | None = None
    _max_form_memory_size: int | None = None
    _max_form_parts: int | None = None

    def _limit(self, override: int | None, key: str, werkzeug_default: int | None) -> int | None:
        """A size limit: set on this request, else from the app's config, else Werkzeug's."""
        if override is not None:
            return override
        ctx = _cv_app.get(None)
        if ctx is None:
            return werkzeug_default
        return ctx.app.config[key]  # type: ignore[no-any-return]

    @property
    def max_content_length(self) -> int | None:
        """The largest body accepted, in bytes; ``MAX_CONTENT_LENGTH`` by default."""
        return self._limit(
            self._max_content_length, "MAX_CONTENT_LENGTH", super().max_content_length
        )

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    @property
    def max_form_memory_size(self) -> int | None:
        """The largest non-file form field, in bytes; ``MAX_FORM_MEMORY_SIZE`` by default."""
        return self._limit(
            self._max_form_memory_size, "MAX_FORM_MEMORY_SIZE", super().max_form_memory_size
        )

    @max_form_memory_size.setter
    def max_form_memory_size(self, value: int | None) -> None:
        self._max_form_memory_size = value

    @property  # type: ignore[override]  # None means "no limit", as for the other limits
    def max_form_parts(self) -> int | None:
        """The largest number of multipart parts; ``MAX_FORM_PARTS`` by default."""
        return self._limit(self._max_form_parts, "MAX_FORM_PARTS", super().max_form_parts)

    @max_form_parts.setter
    def max_form_parts(self, value: int | None) -> None:
        self._max_form_parts = value

    @property
    def endpoint(self) -> str | None:
        """The endpoint of the matched rule, or ``None``."""
        if self.url_rule is not None:
            return self.url_rule.endpoint  # type: ignore[no-any-return]
        return None

    @property
    def blueprint(self) -> str | None:
        """The dotted name of the blueprint that owns the matched endpoint, or ``None``."""
        rule = self.url_rule
        if rule is None:
            return None
        try:
            # Worked out once per rule: the pipeline asks for it several times a request.
            return rule._demijohn_blueprint  # type: ignore[attr-defined, no-any-return]
        except AttributeError:
            endpoint = rule.endpoint
            name = endpoint.rpartition(".")[0] if "." in endpoint else None
            rule._demijohn_blueprint = name  # type: ignore[attr-defined]
            return name

    @property
    def blueprints(self) -> list[str]:
        """The current blueprint and each parent, innermost first (``["a.b", "a"]``)."""
        name = self.blueprint
        if name is None:
            return []
        return _blueprint_chain(name)

    def close(self) -> None:
        """Close the files uploaded with the request, if :attr:`files` was read."""
        # Werkzeug < 4 caches ``files`` in the instance dict, where its own close looks too;
        # a request that never read them has nothing to close.
        if "files" in self.__dict__:
            super().close()

    @property
    def files(self) -> ImmutableMultiDict[str, FileStorage]:
        """The uploaded files, as Werkzeug's :attr:`~werkzeug.wrappers.Request.files`. In debug
        mode, a file looked up in a form that was not sent as multipart raises an error that
        explains the missing ``enctype``."""
        files = super().files
        if "_files_explained" not in self.__dict__:
            # Marked first: explaining reads ``files`` again.
            self.__dict__["_files_explained"] = True
            ctx = _cv_app.get(None)
            if (
                ctx is not None
                and ctx.app.debug
                and self.mimetype != "multipart/form-data"
                and not self.is_json
                and not files
            ):
                from .debughelpers import attach_enctype_error_multidict

                attach_enctype_error_multidict(self)
        return files

    @files.setter
    def files(self, value: ImmutableMultiDict[str, FileStorage]) -> None:
        self.__dict__["files"] = value

    async def aget_data(
        self, cache: bool = True, as_text: bool = False, parse_form_data: bool = False
    ) -> bytes | str:
        """:meth:`get_data` for coroutines: ``await request.aget_data()``.

        Under ASGI the body is received from the server while the event loop keeps serving
        others. The plain methods work in async views too, with the same effect; these exist
        for code that wants the wait to be visible.
        """
        return self.get_data(cache=cache, as_text=as_text, parse_form_data=parse_form_data)  # type: ignore[call-overload, no-any-return]

    def get_json(
        self, force: bool = False, silent: bool = False, cache: bool = True
    ) -> t.Any | None:
        """Parse the body as JSON, as Werkzeug does; a body nested too deeply for the parser
        is a decoding failure like any other (a 400, or ``None`` when ``silent``), rather than
        a :exc:`RecursionError`.

        :param force: parse even when the content type is not JSON.
        :param silent: give ``None`` instead of failing.
        :param cache: keep the parsed value for later calls.
        """
        try:
            return super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            if silent:
                return None
            return self.on_json_loading_failed(
                ValueError("The JSON body is nested too deeply to decode.")
            )

    async def aget_json(
        self, force: bool = False, silent: bool = False, cache: bool = True
    ) -> t.Any | None:
        """:meth:`get_json` for coroutines: ``await request.aget_json()``."""
        return self.get_json(force=force, silent=silent, cache=cache)

    async def aform(self) -> t.Any:
        """:attr:`form` for coroutines: ``await request.aform()``."""
        return self.form

    async def afiles(self) -> t.Any:
        """:attr:`files` for coroutines: ``await request.afiles()``."""
        return self.files

    def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
        """Turn a JSON decoding failure into a 400; in debug mode the reason is included.

        :param e: the decoding error, or ``None`` when the content type was not JSON.
        """
        try:
            return super().on_json_loading_failed(e)
        except BadRequest as ebr:
            ctx = _cv_app.get(None)
            if ctx is not None and ctx.app.debug:
                raise
            raise BadRequest() from ebr


def _blueprint_chain(name: str) -> list[str]:
    """``"a.b.c"`` becomes ``["a.b.c", "a.b", "a"]``."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


class Response(_WerkzeugResponse):
    """The response object used by default: HTML unless told otherwise, with the cookie size
    limit taken from ``MAX_COOKIE_SIZE``."""

    default_mimetype: str | None = "text/html"

    # The fast paths below are chosen once per class, when it is defined (see
    # _choose_fast_paths); they use Werkzeug's response internals, through
    # demijohn.werkzeug_privates, only while that module's probes found them unchanged.

    #: Whether :meth:`__call__` may send a response whose status, headers and body Werkzeug
    #: would send unchanged as they are: the class builds its WSGI response as Werkzeug's does.
    _sends_as_is: t.ClassVar[bool] = False

    #: Whether :meth:`from_body` may build responses of this class: its constructor, status
    #: handling and ``set_data`` are Werkzeug's, and it sets Content-Length.
    _builds_plainly: t.ClassVar[bool] = False

    #: The Content-Type of a text body, worked out once per class; ``None`` when the class
    #: builds its responses its own way, so :meth:`from_text` must not be used.
    _text_content_type: t.ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        _choose_fast_paths(cls)

    @classmethod
    def from_text(cls, text: str) -> Response | None:
        """A response with ``text`` as its body and the default status and content type: what
        ``cls(text)`` makes, built without the generic constructor. ``None`` when the class
        changes how responses are built (its constructor, ``set_data``, or no automatic
        Content-Length), and the caller must use the constructor.

        :param text: the body.
        """
        content_type = cls._text_content_type
        if content_type is None:
            return None
        # PERF: what from_body does for the default status, one call shorter: text views
        # are the commonest.
        line = _STATUS_LINES.get(cls.default_status)
        if line is None:
            return cls.from_body(text.encode(), content_type)
        return plain_response(cls, text.encode(), content_type, line)

    @classmethod
    def from_body(
        cls, body: bytes, content_type: str, status: int | None = None
    ) -> Response | None:
        """A response with ``body`` and ``status`` (by default the default status): what
        ``cls(body, status, content_type=content_type)`` makes, built without the generic
        constructor. ``None`` when the class changes how responses are built, and the caller
        must use the constructor.

        :param body: the body.
        :param content_type: the full Content-Type header value.
        :param status: the status code.
        """
        if not cls._builds_plainly:
            return None
        if status is None:
            status = cls.default_status
        line = _STATUS_LINES.get(status)
        if line is None:
            made = _WerkzeugResponse(status=status)
            line = _STATUS_LINES[status] = (made.status, made.status_code)
        return plain_response(cls, body, content_type, line)

    json_module: t.Any = json

    autocorrect_location_header = False

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        """Send the response as a WSGI application.

        A body held in memory as bytes, with its length known and no header that needs
        rewriting, is sent as it is; anything else goes through Werkzeug's
        :meth:`get_wsgi_response`, which adjusts headers and wraps the body.
        """
        if type(self)._sends_as_is:
            body = send_as_is(self, environ, start_response)
            if body is not None:
                return body
        return super().__call__(environ, start_response)

    @property
    def max_cookie_size(self) -> int:  # type: ignore[override]
        """The size above which a cookie gets a warning; ``MAX_COOKIE_SIZE`` by default."""
        ctx = _cv_app.get(None)
        if ctx is not None:
            return ctx.app.config["MAX_COOKIE_SIZE"]  # type: ignore[no-any-return]
        return super().max_cookie_size


#: Werkzeug's methods and properties that build the WSGI response or give its status; a
#: subclass that overrides one of them always goes through Werkzeug's path.
_WSGI_RESPONSE_METHODS = (
    "get_wsgi_response",
    "get_wsgi_headers",
    "get_app_iter",
    "status",
    "status_code",
)


def _choose_fast_paths(cls: type[Response]) -> None:
    """Set the class attributes that say which fast paths responses of ``cls`` may take."""
    cls._sends_as_is = _sends_as_is(cls)
    cls._builds_plainly = _builds_plainly(cls)
    cls._text_content_type = _text_content_type(cls)


def _sends_as_is(cls: type[Response]) -> bool:
    """Whether :meth:`Response.__call__` may send responses of ``cls`` as they are."""
    return werkzeug_privates.RESPONSE_INTERNALS and not any(
        getattr(cls, name) is not getattr(Response, name) for name in _WSGI_RESPONSE_METHODS
    )


def _builds_plainly(cls: type[Response]) -> bool:
    """Whether :meth:`Response.from_body` makes for ``cls`` what its constructor would."""
    return (
        werkzeug_privates.RESPONSE_INTERNALS
        and cls.__init__ is _WerkzeugResponse.__init__
        and cls.set_data is _WerkzeugResponse.set_data
        and werkzeug_privates.keeps_status_handling(cls)
        and bool(cls.automatically_set_content_length)
    )


def _text_content_type(cls: type[Response]) -> str | None:
    """The Content-Type :meth:`Response.from_text` gives responses of ``cls``, or ``None`` when
    ``cls`` must be built by its constructor."""
    if not cls._builds_plainly or cls.default_mimetype is None:
        return None
    return get_content_type(cls.default_mimetype, "utf-8")


#: Werkzeug's status line and code for each default status met, as its setter makes them.
_STATUS_LINES: dict[t.Any, tuple[str, int]] = {}

_choose_fast_paths(Response)
