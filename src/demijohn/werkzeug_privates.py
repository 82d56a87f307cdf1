"""Every use of Werkzeug's private names, in one module, each probed when it is imported.

Everywhere else demijohn uses Werkzeug's public API. The names here stay private for one of
two reasons: the response path reads and writes Werkzeug's response internals directly because
going through the public properties costs several function calls per request (the instruction
guard, ``make bench-guard``, measures it), and Werkzeug offers no public way to compile a
rule's URL builders on first use instead of when the rule is added.

When this module is imported, a probe checks each name: the attribute is there and means what
demijohn relies on. Should a Werkzeug release change one, its flag below is false and demijohn
uses the public API instead: the same responses and URLs, made more slowly.
``tests/test_werkzeug_privates.py`` fails on such a release, so that a refresh of the pins (or
``make test-werkzeug-newest``, the suite on Werkzeug's newest release) shows it at once.

What is relied on:

- :data:`RESPONSE_INTERNALS`: a :class:`~werkzeug.datastructures.Headers` holds only its list
  of pairs, ``_list``; Werkzeug's :class:`~werkzeug.wrappers.Response` constructor sets only
  ``headers``, ``_status``, ``_status_code`` (which the ``status`` setter fills from
  ``_clean_status``), ``direct_passthrough``, ``_on_close`` (the callbacks of
  ``call_on_close``, called by ``close``) and ``response``.
- :data:`REQUEST_FIELDS`: Werkzeug's sans-IO :class:`~werkzeug.sansio.request.Request`
  constructor sets only its eight attributes (``method`` upper-cased, ``root_path`` without
  its trailing slash, ``path`` with one leading slash, the others as given), which a request
  built from a protocol's values may set itself.
- :data:`RULE_BUILDERS`: binding a :class:`~werkzeug.routing.Rule` stores
  ``_compile_builder(False)`` and ``_compile_builder(True)``, bound to the rule, as ``_build``
  and ``_build_unknown``, which :meth:`~werkzeug.routing.Rule.build` calls.

This module imports nothing else of demijohn's.
"""

from __future__ import annotations

import collections.abc as cabc
import logging
import typing as t

from werkzeug.datastructures import Headers
from werkzeug.routing import Map, Rule
from werkzeug.sansio.request import Request as SansIORequest
from werkzeug.wrappers import Response

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

logger = logging.getLogger(__name__)

R = t.TypeVar("R", bound=Response)

#: The attributes Werkzeug's response constructor sets; a response built without it must
#: have these and no others.
_RESPONSE_FIELDS = frozenset(
    ("headers", "_status", "_status_code", "direct_passthrough", "_on_close", "response")
)


def _probe_headers_list() -> bool:
    headers = Headers()
    if vars(headers) != {"_list": []}:
        return False
    headers.add("A", "1")
    if headers._list != [("A", "1")] or type(headers._list) is not list:
        return False
    made = Headers.__new__(Headers)
    made._list = [("B", "2")]
    return made.to_wsgi_list() == [("B", "2")] and made["b"] == "2" and list(made) == [("B", "2")]


def _probe_response_fields() -> bool:
    return set(vars(Response())) == _RESPONSE_FIELDS


#: The attributes Werkzeug's sans-IO request constructor sets.
_REQUEST_FIELDS = frozenset(
    ("method", "scheme", "server", "root_path", "path", "query_string", "headers", "remote_addr")
)


def _probe_request_fields() -> bool:
    headers = Headers()
    made = SansIORequest("get", "https", ("h", 1), "/r/", "//p", b"q", headers, "a")
    return (
        vars(made)
        == {
            "method": "GET",
            "scheme": "https",
            "server": ("h", 1),
            "root_path": "/r",
            "path": "/p",
            "query_string": b"q",
            "headers": headers,
            "remote_addr": "a",
        }
        and set(vars(made)) == _REQUEST_FIELDS
    )


def _probe_response_status() -> bool:
    response = Response(status=404)
    if (response._status, response._status_code) != ("404 NOT FOUND", 404):
        return False
    response._status, response._status_code = "201 CREATED", 201
    return (response.status, response.status_code) == ("201 CREATED", 201)


def _probe_clean_status() -> bool:
    class Probe(Response):
        def _clean_status(self, value: t.Any) -> tuple[str, int]:
            return "299 PROBED", 299

    probe = Probe()
    probe.status = 200
    return (probe.status, probe.status_code) == ("299 PROBED", 299)


def _probe_on_close() -> bool:
    called: list[bool] = []
    response = Response()
    if response._on_close != [] or type(response._on_close) is not list:
        return False
    callback = response.call_on_close(lambda: called.append(True))
    if response._on_close != [callback]:
        return False
    response.close()
    return called == [True]


def _probe_compile_builder() -> bool:
    class Probe(Rule):
        def _compile_builder(self, append_unknown: bool = True) -> t.Callable[..., t.Any]:
            def build(rule: Rule, **values: t.Any) -> tuple[str, str]:
                return "", f"/{append_unknown}/{rule is bound}"

            return build

    bound = Probe("/p")
    Map([bound])
    if bound.build({}) != ("", "/True/True") or bound.build({}, False) != ("", "/False/True"):
        return False
    # Werkzeug's own compiler, as the override calls it on first use (the cheaper kind).
    built = Rule._compile_builder(bound, False).__get__(bound, None)()
    bound._build_unknown = lambda **values: ("", "/replaced")
    return built == ("", "/p") and bound.build({}) == ("", "/replaced")


#: Each private name with the probe that checks it means what demijohn relies on.
PROBES: dict[str, t.Callable[[], bool]] = {
    "Headers._list": _probe_headers_list,
    "Response.__init__ fields": _probe_response_fields,
    "sansio.Request.__init__ fields": _probe_request_fields,
    "Response._status, Response._status_code": _probe_response_status,
    "Response._clean_status": _probe_clean_status,
    "Response._on_close": _probe_on_close,
    "Rule._compile_builder, Rule._build, Rule._build_unknown": _probe_compile_builder,
}


def probe(name: str) -> bool:
    """Whether the installed Werkzeug still has the private name ``name`` (a key of
    :data:`PROBES`) with the meaning demijohn relies on; never raises."""
    try:
        return PROBES[name]()
    except Exception:
        logger.debug("The probe of Werkzeug's %s failed.", name, exc_info=True)
        return False


def find_changed() -> frozenset[str]:
    """The names of :data:`PROBES` whose probe fails on the installed Werkzeug, logged."""
    changed = frozenset(name for name in PROBES if not probe(name))
    if changed:
        logger.info(
            "This Werkzeug release changed %s; demijohn uses Werkzeug's public API there"
            " instead (the same behaviour, more slowly).",
            ", ".join(sorted(changed)),
        )
    return changed


#: The private names the installed Werkzeug changed; demijohn uses the public API for them.
CHANGED = find_changed()

#: Whether the response fast paths may use Werkzeug's response internals.
RESPONSE_INTERNALS = not CHANGED & {
    "Headers._list",
    "Response.__init__ fields",
    "Response._status, Response._status_code",
    "Response._clean_status",
    "Response._on_close",
}

#: Whether a request built from a protocol's values may set the attributes of Werkzeug's
#: sans-IO constructor itself.
REQUEST_FIELDS = "sansio.Request.__init__ fields" not in CHANGED

#: Whether rules may compile their URL builders on first use.
RULE_BUILDERS = "Rule._compile_builder, Rule._build, Rule._build_unknown" not in CHANGED


def keeps_status_handling(cls: type[Response]) -> bool:
    """Whether ``cls`` sets and reads its status as Werkzeug's response does, so that a status
    line worked out once may be stored in a response of ``cls`` directly."""
    return (
        RESPONSE_INTERNALS
        and cls._clean_status is Response._clean_status
        and getattr(cls, "status") is getattr(Response, "status")  # noqa: B009
    )


def plain_response(cls: type[R], body: bytes, content_type: str, status: tuple[str, int]) -> R:
    """What ``cls(body, status, content_type=content_type)`` makes, built directly: the
    caller checked that ``cls`` builds its responses as Werkzeug's does.

    :param status: the status line and code, as the ``status`` setter makes them.
    """
    response = cls.__new__(cls)
    # Headers holds only its pairs, and these are valid: no constructor, no checks.
    headers = response.headers = Headers.__new__(Headers)
    headers._list = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    response._status, response._status_code = status
    response.direct_passthrough = False
    response._on_close = []
    response.response = [body]
    return response


def send_as_is(
    response: Response, environ: WSGIEnvironment, start_response: StartResponse
) -> cabc.Iterable[bytes] | None:
    """Start the response and return its body when Werkzeug's WSGI response would be exactly
    its status, headers and body list: a 2xx-5xx status with a body (not 204 or 304, not
    HEAD), a list of bytes whose length is in Content-Length, nothing to call on close, no
    Location to rewrite. Otherwise ``None``, having done nothing. The caller checked that the
    response's class builds its WSGI response as Werkzeug's does.
    """
    # PERF: plain loops rather than all()/any() over generators; this runs on every request.
    body = response.response
    if (
        type(body) is not list
        or response._on_close
        or response.direct_passthrough
        or environ["REQUEST_METHOD"] == "HEAD"
        or response._status_code not in _SENT_AS_IS_CODES
    ):
        return None
    size = 0
    for chunk in body:
        if type(chunk) is not bytes:
            return None
        size += len(chunk)
    length = None
    headers = response.headers
    plain = type(headers) is Headers
    for key, value in headers._list if plain else headers:
        key = key.lower()
        if key == "content-length":
            if length is None:
                length = value
        elif key in _REWRITTEN_HEADERS:
            return None
    if length != str(size):
        return None
    # Werkzeug's to_wsgi_list copies the pairs; its status getter gives _status.
    start_response(response._status, list(headers._list) if plain else headers.to_wsgi_list())
    return body


#: The status codes whose response Werkzeug sends with its body and headers unchanged.
_SENT_AS_IS_CODES = frozenset(range(200, 600)) - {204, 304}
_REWRITTEN_HEADERS = frozenset(("location", "content-location"))


def has_close_callbacks(response: Response) -> bool:
    """Whether ``response`` has functions to call when it is closed (``call_on_close``); true
    when that cannot be known, so that the caller closes it."""
    if RESPONSE_INTERNALS:
        return bool(response._on_close)
    return True


class LazyBuilderRule(Rule):
    """Werkzeug's rule, whose URL builders are compiled the first time a URL is built from it
    rather than when it is bound to a map; with :data:`RULE_BUILDERS` false, when it is bound,
    as Werkzeug does.
    """

    def _compile_builder(self, *args: t.Any, **kwargs: t.Any) -> t.Callable[..., tuple[str, str]]:
        if not RULE_BUILDERS:
            return super()._compile_builder(*args, **kwargs)
        return _builder_on_first_use(*args, **kwargs)


def _builder_on_first_use(append_unknown: bool = True) -> t.Callable[..., tuple[str, str]]:
    """A builder that compiles Werkzeug's on its first call and puts it in its place."""
    name = "_build_unknown" if append_unknown else "_build"

    def build_on_first_use(rule: Rule, *args: t.Any, **kwargs: t.Any) -> tuple[str, str]:
        compiled = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
        setattr(rule, name, compiled)
        return compiled(*args, **kwargs)  # type: ignore[no-any-return]

    return build_on_first_use
