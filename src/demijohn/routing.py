"""URL routing beyond Werkzeug's: views named by import string, imported on first use, a
router that matches requests without binding the URL map for each, and the URL map class that
counts the rules added to it so the router can tell when to rebuild.

A URL module can list every route of a large application as
``app.add_url_rule("/users/<int:id>", view_func="shop.users.views:show")`` without importing a
single view: no circular imports, and start-up does not import the whole application.
:meth:`Demijohn.check_views <demijohn.Demijohn.check_views>` imports them all at once, for tests
and deployment checks.
"""

from __future__ import annotations

import collections.abc as cabc
import re
import sys
import threading
import typing as t
import warnings
from types import FrameType

from werkzeug.exceptions import BadHost, BadRequest, HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import (
    BaseConverter,
    BuildError,
    Map,
    MapAdapter,
    RequestRedirect,
    ValidationError,
)
from werkzeug.routing import Rule as _WerkzeugRule
from werkzeug.sansio.utils import get_host, host_is_trusted
from werkzeug.utils import import_string

from . import conventions
from .calling import REQUEST_PARAMETER
from .errors import LazyViewError, SetupValueError
from .globals import _cv_request
from .werkzeug_privates import LazyBuilderRule

if t.TYPE_CHECKING:
    from .pipeline import RequestPipeline
    from .typing import ResponseReturnValue
    from .wrappers import Request


#: A URL variable named ``request`` in a rule: ``<request>``, ``<int:request>``.
REQUEST_VARIABLE = re.compile(rf"[<:]\s*{REQUEST_PARAMETER}\s*>")


def check_request_variable(rule: str, defaults: cabc.Mapping[str, t.Any] | None) -> None:
    """Refuse a rule that would give its view a value named ``request``: demijohn passes the
    request object in a parameter of that name, and a view cannot take both. Called when the
    rule is registered, so a view registered by import string need not be imported.

    Under the Flask compatibility layer the rule is accepted and the view gets the URL value,
    as in Flask.

    :param rule: the URL rule.
    :param defaults: the rule's defaults, which are passed to the view too.
    :raises SetupValueError: the rule has a ``request`` URL variable or default.
    """
    if REQUEST_VARIABLE.search(rule):
        source = "has a URL variable named"
    elif defaults and REQUEST_PARAMETER in defaults:
        source = "has a default named"
    else:
        return
    if conventions.current().request_url_variable:
        return
    raise SetupValueError(
        f"The rule {rule!r} {source} {REQUEST_PARAMETER!r}. That name is reserved for the"
        " request object, which demijohn passes to a view's 'request' parameter, so the view"
        " could not be given this value too. Rename the variable, for example to"
        " '<request_id>', and the view's parameter with it; or, for a Flask application, run"
        " it on the Flask compatibility layer, which passes the value as Flask does."
    )


def rule_methods(methods: t.Any, view_func: t.Any) -> set[str]:
    """The methods a rule allows: given, else the view's ``methods``, else ``GET``."""
    if methods is None:
        methods = getattr(view_func, "methods", None) or ("GET",)
    if isinstance(methods, str):
        raise TypeError(
            "Allowed methods must be a list of strings, for example:"
            ' @app.route(..., methods=["POST"])'
        )
    return {item.upper() for item in methods}


class LazyView:
    """A view named by an import string (``"package.module:function"`` or
    ``"package.module.function"``), imported the first time it is needed.

    Calling it imports the target (once, thread-safely) and calls it. Two lazy views for the
    same import string (in either form) are equal, so registering the same route twice is not a
    conflict.

    :param import_name: where the view lives.
    :param registered_at: where the route was registered, for error messages.
    """

    def __init__(self, import_name: str, registered_at: str | None = None) -> None:
        if not import_name or import_name.startswith((".", ":")):
            raise ValueError(
                f"{import_name!r} is not an import string. Name the view as"
                " 'package.module:function'."
            )
        self.import_name = import_name
        self.registered_at = registered_at
        self._target: t.Callable[..., t.Any] | None = None
        self._lock = threading.Lock()

    @property
    def __name__(self) -> str:
        """The function name part of the import string: the default endpoint."""
        return self.import_name.replace(":", ".").rpartition(".")[2]

    @property
    def is_resolved(self) -> bool:
        """Whether the target has been imported."""
        return self._target is not None

    def resolve(self) -> t.Callable[..., t.Any]:
        """Import the target and return it.

        :raises LazyViewError: the import failed, or the target is not callable.
        """
        target = self._target
        if target is not None:
            return target
        with self._lock:
            if self._target is None:
                self._target = self._import()
            return self._target

    def _import(self) -> t.Callable[..., t.Any]:
        try:
            target = import_string(self.import_name.replace(":", "."))
        except Exception as e:
            raise LazyViewError(self.import_name, self.registered_at, e) from e
        if not callable(target):
            raise LazyViewError(
                self.import_name,
                self.registered_at,
                TypeError(f"the object is a {type(target).__name__}, not a function"),
            )
        if isinstance(target, type):
            # Calling a class-based view's class would only create an instance.
            raise LazyViewError(
                self.import_name,
                self.registered_at,
                TypeError(
                    f"the object is the class {target.__name__!r}, not a function; name the"
                    " function its 'as_view(name)' returns, bound to a module-level name"
                ),
            )
        return t.cast(t.Callable[..., t.Any], target)

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return self.resolve()(*args, **kwargs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyView):
            return self._dotted_name == other._dotted_name
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._dotted_name)

    @property
    def _dotted_name(self) -> str:
        # "pkg.views:show" and "pkg.views.show" import the same object.
        return self.import_name.replace(":", ".")

    def __repr__(self) -> str:
        state = "imported" if self.is_resolved else "not imported"
        return f"<LazyView {self.import_name!r} ({state})>"


def caller_location(depth: int) -> str | None:
    """``file:line`` of the frame ``depth`` levels above the caller, skipping demijohn's own
    frames, to say where a lazy route was registered."""
    frame: FrameType | None = sys._getframe(depth + 1)
    while frame is not None:
        if not frame.f_globals.get("__name__", "").startswith("demijohn."):
            return f"{frame.f_code.co_filename}:{frame.f_lineno}"
        frame = frame.f_back
    return None


class Rule(LazyBuilderRule):
    """The URL rule class demijohn uses (:attr:`Demijohn.url_rule_class
    <demijohn.Demijohn.url_rule_class>`): Werkzeug's rule, whose URL builders are compiled the
    first time a URL is built from it rather than when it is added.

    Compiling a builder generates and compiles Python code; an application with a thousand
    routes that builds URLs for a few dozen of them should not pay for the rest at start-up.
    Werkzeug has no public way to defer it, so :class:`demijohn.werkzeug_privates.LazyBuilderRule`
    does; on a Werkzeug release where that no longer works, builders are compiled when the
    rule is added, as Werkzeug does.
    """


class URLMap(Map):
    """The URL map of :class:`~demijohn.Demijohn`: Werkzeug's :class:`~werkzeug.routing.Map`
    that also counts the calls to :meth:`add`, so that the application's router can tell on
    every request, without counting the rules, whether rules were added since it was built.

    It also holds the blueprints included by import string that are not imported yet
    (:meth:`add_include`): while there are any, the adapters it binds are
    :class:`IncludingAdapter` objects, which import such a blueprint when a request under its
    prefix, or a URL built for one of its endpoints, needs it.

    .. versionadded:: 0.1
    """

    #: How many times :meth:`add` was called.
    additions = 0
    #: The included blueprints not imported yet.
    pending: tuple[Include, ...] = ()

    def add_include(self, include: Include, rule: str, **options: t.Any) -> None:
        """Stand in for a blueprint included by import string until it is imported: add
        rules that match every URL under its prefix (the part of ``rule`` before
        ``<rest>``), whose matching imports it.

        :param include: the include; its :meth:`~Include.load` registers the blueprint.
        :param rule: the prefix, as a rule.
        :param options: ``subdomain`` or ``host``, as for a rule.
        """
        self.pending = (*self.pending, include)
        for websocket in (False, True):
            self.add(IncludeRule(include, rule, websocket=websocket, **options))

    def loaded(self, include: Include) -> None:
        """Forget ``include``: its blueprint is registered.

        :param include: the include that was loaded.
        """
        self.pending = tuple(i for i in self.pending if i is not include)

    def bind(self, *args: t.Any, **kwargs: t.Any) -> MapAdapter:
        """Bind the map, as :meth:`werkzeug.routing.Map.bind` does."""
        return self._including(super().bind(*args, **kwargs))

    def bind_to_environ(self, *args: t.Any, **kwargs: t.Any) -> MapAdapter:
        """Bind the map to a request, as :meth:`werkzeug.routing.Map.bind_to_environ` does."""
        return self._including(super().bind_to_environ(*args, **kwargs))

    def bind_to_request(
        self, request: Request, server_name: str | None = None, subdomain: str | None = None
    ) -> MapAdapter:
        """Bind the map to a request from its attributes, as
        :meth:`werkzeug.routing.Map.bind_to_environ` binds it from an environ (the same
        server name, subdomain and scheme, a WebSocket handshake's ``ws``/``wss`` included),
        so that a request built without an environ needs none.

        :param request: the request.
        :param server_name: the server name to match, by default the request's host.
        :param subdomain: the subdomain; by default worked out from ``server_name``.
        """
        headers = request.headers
        request_host = get_host(request.scheme, headers.get("Host"), request.server).lower()
        scheme = request.scheme
        connection = headers.get("Connection", "").lower().split(",")
        if any(v.strip(" \t") == "upgrade" for v in connection) and (
            headers.get("Upgrade", "").lower() == "websocket"
        ):
            scheme = "wss" if scheme == "https" else "ws"
        if server_name is None:
            server_name = request_host
        else:
            server_name = _without_default_port(server_name.lower(), scheme)
        if subdomain is None and not self.host_matching:
            subdomain = _subdomain(request_host, server_name)
        return self.bind(
            server_name,
            request.root_path,
            subdomain,
            scheme,
            request.method,
            request.path,
            request.query_string.decode("latin-1"),
        )

    def _including(self, adapter: MapAdapter) -> MapAdapter:
        if not self.pending:
            return adapter
        return IncludingAdapter(
            self,
            adapter.server_name,
            adapter.script_name,
            adapter.subdomain,
            adapter.url_scheme,
            adapter.path_info,
            adapter.default_method,
            adapter.query_args,
        )

    def add(self, rulefactory: t.Any) -> None:
        """Add a rule or rule factory, as :meth:`werkzeug.routing.Map.add` does.

        :param rulefactory: the rule or factory.
        """
        try:
            super().add(rulefactory)
        finally:
            # Counted even when a factory failed part-way: some of its rules may be in.
            self.additions += 1


class Include(t.Protocol):
    """A blueprint included by import string (see :class:`demijohn.urls.URLs`), as the URL map
    sees it until it is imported."""

    #: The name its endpoints start with (``"catalog"`` for ``"catalog.show"``).
    name: str

    @property
    def loaded(self) -> bool:
        """Whether the blueprint is registered."""

    def load(self) -> None:
        """Import the blueprint and register it (once, thread-safely).

        :raises IncludeError: it does not import, or its registration failed.
        """


class _IncludeHit(Exception):
    """Raised while matching, by an include's stand-in rule, to have the adapter load it and
    match again."""

    def __init__(self, include: Include) -> None:
        self.include = include


class _IncludeConverter(BaseConverter):
    """The converter of the rest of the URL after an include's prefix: matching it means the
    URL is under the prefix. Before the include is loaded, that triggers loading; after, the
    stand-in rule stops matching (the blueprint's own rules come first)."""

    part_isolating = False
    regex = "(?:/.*)?"
    # Tried after any other rule that could match the same part.
    weight = 1000

    def __init__(self, url_map: Map, include: Include) -> None:
        super().__init__(url_map)
        self.include = include

    def to_python(self, value: str) -> t.Any:
        if not self.include.loaded:
            raise _IncludeHit(self.include)
        # No rule of the blueprint matched: a 404 (or 405), not a match for a broader rule.
        raise ValidationError()


class IncludeRule(_WerkzeugRule):
    """The stand-in for a blueprint included by import string: matches every URL under the
    prefix and triggers the blueprint's import, then matches nothing. It builds no URL.

    :param include: the include.
    :param prefix: the blueprint's URL prefix.
    :param options: options of :class:`werkzeug.routing.Rule`.
    """

    def __init__(self, include: Include, prefix: str, **options: t.Any) -> None:
        self.include = include
        super().__init__(
            f"{prefix.rstrip('/')}<include:rest>", endpoint=f"{include.name}.*", **options
        )

    def get_converter(
        self,
        variable_name: str,
        converter_class: str,
        args: tuple[t.Any, ...],
        kwargs: t.Mapping[str, t.Any],
    ) -> BaseConverter:
        if converter_class == "include":
            return _IncludeConverter(self.map, self.include)
        return super().get_converter(variable_name, converter_class, args, kwargs)

    def suitable_for(self, values: t.Mapping[str, t.Any], method: str | None = None) -> bool:
        return False


class IncludingAdapter(MapAdapter):
    """The adapter :class:`URLMap` binds while blueprints included by import string are not
    imported yet: matching a URL under such a blueprint's prefix, or failing to build a URL for
    an endpoint of its name, imports and registers it, then tries again."""

    def match(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Match as :meth:`werkzeug.routing.MapAdapter.match`, loading includes on the way."""
        while True:
            try:
                return super().match(*args, **kwargs)
            except _IncludeHit as hit:
                hit.include.load()

    def build(self, endpoint: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Build as :meth:`werkzeug.routing.MapAdapter.build`, loading the include the
        endpoint's name points to when the URL cannot be built without it."""
        try:
            return super().build(endpoint, *args, **kwargs)
        except BuildError:
            pending = [
                include
                for include in t.cast(URLMap, self.map).pending
                if str(endpoint).startswith(f"{include.name}.")
            ]
            if not pending:
                raise
        for include in pending:
            include.load()
        return super().build(endpoint, *args, **kwargs)


class Router:
    """Matches requests against an application's URL map without binding it per request.

    Built once from the map: a table of rules without URL variables, looked up by path and
    method, and one adapter bound to no host, shared by all requests, for the other rules.
    Anything this cannot answer exactly as a per-request adapter would (redirects, WebSocket
    handshakes) is left to the caller's full matching.

    It is only used when the URL map matches neither hosts nor subdomains, so that nothing
    about a request except its path and method can change the outcome.

    :param url_map: the application's URL map.
    """

    def __init__(self, url_map: Map) -> None:
        self.url_map = url_map
        # What changes when rules are added: the count of URLMap.add calls (cheap), else the
        # number of rules (which lists them all).
        if isinstance(url_map, URLMap):
            self._additions: int | None = url_map.additions
            self._rule_count = 0
        else:
            self._additions = None
            self._rule_count = _count_rules(url_map)
        self._static: dict[str, dict[str, _WerkzeugRule]] = {}
        # A rule whose endpoint has a rule with defaults may redirect to that rule's URL
        # (Map.redirect_defaults); only full matching knows.
        redirecting = {r.endpoint for r in url_map.iter_rules() if r.defaults}
        for rule in url_map.iter_rules():
            if _is_static(rule) and not (
                url_map.redirect_defaults and rule.endpoint in redirecting
            ):
                by_method = self._static.setdefault(rule.rule, {})
                for method in rule.methods or ():
                    by_method.setdefault(method, rule)
        self._adapter = url_map.bind("localhost", subdomain="")

    def is_current(self, url_map: Map) -> bool:
        """Whether this router was built from ``url_map`` as it is now (no rule added since).

        :param url_map: the application's URL map.
        """
        if url_map is not self.url_map:
            return False
        if self._additions is not None:
            return self._additions == url_map.additions  # type: ignore[attr-defined, no-any-return]
        return self._rule_count == _count_rules(url_map)

    def match(self, path: str, method: str) -> tuple[_WerkzeugRule, dict[str, t.Any]] | None:
        """The rule and URL values for ``path`` and ``method``; ``None`` when full matching
        must decide (including every kind of failure that depends on the host).

        :raises NotFound: nothing matches the path.
        :raises MethodNotAllowed: the path matches, but not for this method.
        """
        by_method = self._static.get(path)
        if by_method is not None:
            rule = by_method.get(method)
            if rule is not None:
                return rule, {}
        try:
            return self._adapter.match(path, method, return_rule=True)  # type: ignore[return-value]
        except RequestRedirect:
            return None


class URLSpaces:
    """The parts of the URL space that blueprints own (``owns_url_space=True``): a URL prefix,
    a subdomain, or both, each with the dotted name of its blueprint.

    Consulted only when matching a request failed, to find whose 404 or 405 handler answers it;
    a request that matches a rule never looks here. The prefixes are rules of a URL map of their
    own, built on first use, so finding the owner is one more lookup in Werkzeug's matcher, in
    which the most specific prefix (the innermost blueprint) wins.

    :param converters: the application's URL converters, which prefixes may use.
    :param host_matching: whether the application matches hosts (then subdomains are ignored).
    """

    def __init__(self, converters: t.Mapping[str, type[BaseConverter]], host_matching: bool):
        self._converters = converters
        self._host_matching = host_matching
        self._owners: list[tuple[str, str | None, str]] = []
        self._map: Map | None = None

    def add(self, prefix: str | None, subdomain: str | None, name: str) -> None:
        """Record that the blueprint registered as ``name`` owns ``prefix`` (on ``subdomain``).

        :param prefix: the URL prefix; ``None`` or empty for the whole subdomain.
        :param subdomain: the subdomain, or ``None``.
        :param name: the blueprint's dotted name.
        """
        self._owners.append(((prefix or "").rstrip("/"), subdomain, name))
        self._map = None

    def _create_map(self) -> Map:
        url_map = Map(
            converters=dict(self._converters),
            strict_slashes=False,
            merge_slashes=False,
            redirect_defaults=False,
        )
        for prefix, subdomain, name in self._owners:
            if self._host_matching:
                subdomain = None
            url_map.add(_WerkzeugRule(prefix or "/", endpoint=name, subdomain=subdomain))
            rest = f"{prefix}/<path:_demijohn_rest>"
            url_map.add(_WerkzeugRule(rest, endpoint=name, subdomain=subdomain))
        return url_map

    def owner(self, adapter: MapAdapter) -> str | None:
        """The dotted name of the innermost blueprint that owns the URL ``adapter`` is bound
        to, or ``None``.

        :param adapter: the application's URL map bound to the request.
        """
        url_map = self._map
        if url_map is None:
            url_map = self._map = self._create_map()
        bound = url_map.bind(
            adapter.server_name,
            adapter.script_name,
            subdomain="" if self._host_matching else adapter.subdomain,
            url_scheme=adapter.url_scheme,
        )
        try:
            endpoint, _ = bound.match(adapter.path_info, "GET")
        except HTTPException:
            return None
        return t.cast(str, endpoint)

    def handle(self, app: RequestPipeline, e: HTTPException) -> HTTPException | ResponseReturnValue:
        """Handle an HTTP error of a request that matched no rule, as
        :meth:`~demijohn.pipeline.RequestPipeline.handle_http_exception` does, with the
        handlers of the blueprint that owns its URL, if one does: when matching the request
        failed with a 404 or 405 under an owned prefix, the owner's handler (else its parents',
        else the application's) answers it, and a 405 answer says in ``Allow`` which methods
        the URL accepts.

        :param app: the application.
        :param e: the HTTP error.
        """
        ctx = _cv_request.get()
        owner = None
        if e is ctx.request.routing_exception and isinstance(e, (NotFound, MethodNotAllowed)):
            adapter = ctx.url_adapter
            if adapter is not None:
                owner = self.owner(adapter)
        parts = owner.split(".") if owner else []
        blueprints = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
        handler = app._find_error_handler(e, blueprints)
        if handler is None:
            return e
        rv: ResponseReturnValue = app._call_handler(handler, e)
        if owner is not None and isinstance(e, MethodNotAllowed) and e.valid_methods:
            response = app.make_response(rv)
            if "Allow" not in response.headers:
                response.allow.update(e.valid_methods)
            return response
        return rv


class HostCheck:
    """Remembers which ``Host`` headers passed the request host check, so the check runs
    once per distinct host rather than once per request. Forgets everything when
    ``TRUSTED_HOSTS`` changes, and when it has seen many hosts.
    """

    limit = 1024

    def __init__(self) -> None:
        self._outcomes: dict[str | None, HTTPException | None] = {}
        self._trusted: t.Any = None

    def check(self, request: Request, trusted_hosts: list[str] | None) -> None:
        """Raise the 400 the request's host deserves, if any.

        :param request: the request.
        :param trusted_hosts: ``TRUSTED_HOSTS``.
        """
        raw = request._host_header
        if trusted_hosts is not self._trusted or len(self._outcomes) >= self.limit:
            self._outcomes.clear()
            self._trusted = trusted_hosts
        try:
            outcome = self._outcomes[raw]
        except KeyError:
            outcome = self._outcomes[raw] = _host_error(request, trusted_hosts)
        if outcome is not None:
            raise outcome


#: A host name whose labels may hold underscores, as container and service names do
#: (``web_app``), with an optional port. Werkzeug's own check refuses the underscore.
_SERVICE_HOST = re.compile(
    r"(?P<name>[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*\.?)(?::(?P<port>[0-9]{1,5}))?",
    re.ASCII | re.IGNORECASE,
)


def _host_error(request: Request, trusted_hosts: list[str] | None) -> HTTPException | None:
    """The 400 a request's ``Host`` header deserves, or ``None`` when it is accepted.

    Natively a header is accepted when it is a host name (labels of letters, digits,
    hyphens and underscores, each 1 to 63 characters), an IP address or an internationalised
    domain name, with an optional port, and, when ``TRUSTED_HOSTS`` is set, one of those. A
    name Werkzeug does not take as a host (underscores, international names) is served
    without a host to match or build external URLs with. Under a layer that accepts malformed
    hosts (Flask's), only an untrusted host and a name with an empty or over-long label are
    refused, as Flask refuses them.
    """
    raw = request._host_header
    if trusted_hosts is not None:
        request.trusted_hosts = trusted_hosts
    try:
        # Werkzeug gives an empty host when the header is not a valid host name, and raises
        # SecurityError (a 400) when it is not trusted.
        host = request.host
    except HTTPException as e:
        if _is_trusted_service_host(raw, trusted_hosts):
            return None
        return e
    if host:
        return _label_error(host)
    if conventions.current().accept_malformed_hosts:
        return None
    if _is_service_host(raw) or _is_international_host(raw):
        return None
    return BadRequest(
        "The request's Host header is missing or malformed: it must be a host name (letters,"
        " digits, hyphens, underscores and dots), an IP address or an internationalised domain"
        " name, with an optional port."
    )


def _without_default_port(server_name: str, scheme: str) -> str:
    """``server_name`` without the port its scheme implies, as Werkzeug's host leaves it."""
    if scheme in ("http", "ws") and server_name.endswith(":80"):
        return server_name[:-3]
    if scheme in ("https", "wss") and server_name.endswith(":443"):
        return server_name[:-4]
    return server_name


def _subdomain(request_host: str, server_name: str) -> str:
    """The subdomain of ``request_host`` under ``server_name``; ``"<invalid>"``, which matches
    no rule, when it is not under it (with Werkzeug's warning)."""
    current = request_host.split(".")
    configured = server_name.split(".")
    offset = -len(configured)
    if current[offset:] != configured:
        # As Werkzeug: served by IP address, for example; a 404 rather than an error.
        warnings.warn(
            f"Current server name {request_host!r} doesn't match configured server name"
            f" {server_name!r}",
            stacklevel=4,
        )
        return "<invalid>"
    return ".".join(filter(None, current[:offset]))


def _label_error(host: str) -> HTTPException | None:
    """A 400 when ``host``, which has only valid characters, cannot be a domain name (a label
    is empty or longer than 63 characters), as binding the URL map for it would fail later."""
    if host.startswith("["):
        return None
    try:
        host.partition(":")[0].encode("idna")
    except UnicodeError:
        if conventions.current().accept_malformed_hosts:
            return BadHost()
        return BadHost(
            f"The request's Host header {host[:80]!r} is no valid host name: each dot-separated"
            " label must be 1 to 63 characters long."
        )
    return None


def _is_service_host(raw: str | None) -> bool:
    """Whether ``raw`` is a host name with underscores in it (``web_app:8000``)."""
    return _service_host_name(raw) is not None


def _service_host_name(raw: str | None) -> str | None:
    """The name (lower case, without port and final dot) of ``raw``, a host name with
    underscores in it, or ``None`` when it is no such name."""
    if not raw or "_" not in raw:
        return None
    match = _SERVICE_HOST.fullmatch(raw)
    if match is None or (match["port"] is not None and not 0 < int(match["port"]) < 65536):
        return None
    return match["name"].lower().rstrip(".")


def _is_trusted_service_host(raw: str | None, trusted_hosts: list[str] | None) -> bool:
    """Whether ``raw`` is a host name with underscores that ``TRUSTED_HOSTS`` lists (a name
    starting with a dot trusts its subdomains, as for other hosts)."""
    name = _service_host_name(raw) if trusted_hosts else None
    if name is None:
        return False
    for trusted in t.cast(list[str], trusted_hosts):
        trusted = trusted.lower()
        if name == trusted.lstrip(".") or (trusted.startswith(".") and name.endswith(trusted)):
            return True
    return False


def _is_international_host(raw: str | None) -> bool:
    """Whether ``raw``, a ``Host`` header Werkzeug found no valid host in, is an
    internationalised domain name (with an optional port) that IDNA turns into a valid one.

    Werkzeug accepts only ASCII host names, so it gives such a host as empty; the request is
    still handled, as on Flask, without a host to match or build URLs with. The header may be
    text, or UTF-8 bytes read as latin-1 (as WSGI servers pass headers).
    """
    if not raw:
        return False
    try:
        text = raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        text = raw
    try:
        encoded = text.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return host_is_trusted(encoded)


def _count_rules(url_map: Map) -> int:
    """How many rules ``url_map`` holds."""
    return sum(1 for _ in url_map.iter_rules())


def _is_static(rule: _WerkzeugRule) -> bool:
    """Whether a rule matches one exact path, with nothing else to decide."""
    return (
        not rule.arguments
        and not rule.defaults
        and not rule.websocket
        and not rule.build_only
        and rule.redirect_to is None
        and not rule.alias
        and not rule.subdomain
        and rule.host is None
    )
