"""``Production``: the battery's object, which an application opts in with."""

from __future__ import annotations

import logging
import time
import typing as t

from werkzeug.middleware.proxy_fix import ProxyFix

from demijohn import current_app, request
from demijohn.checks import Problem
from demijohn.errors import DemijohnError
from demijohn.logging import default_handler, has_level_handler

from . import headers as _headers
from .checks import deploy_problems, start_problems
from .csrf import CSRFProtection, csrf_token
from .health import HEALTH_ENDPOINTS, Readiness, create_blueprint
from .logs import ACCESS_LOGGER, JSONFormatter, log_access
from .requestid import STATE_KEY, install_record_factory, make_request_id

if t.TYPE_CHECKING:
    import collections.abc as cabc

    from demijohn import Demijohn, Response

__all__ = ["DEFAULTS", "EXTENSION_KEY", "Production", "ProductionError"]

#: The key of :attr:`Demijohn.extensions <demijohn.Demijohn.extensions>` it is kept under.
EXTENSION_KEY = "demijohn.production"
_ANY_HOST_KEY = "demijohn.production.any_host"
_STARTED_KEY = "demijohn.production.started"
#: Where a request's start time is kept in its state, for the access log.
_REQUEST_STARTED_KEY = "demijohn.production.request_started"
#: The body size limit given when ``MAX_CONTENT_LENGTH`` is not set: 16 MiB.
DEFAULT_MAX_CONTENT_LENGTH = 16 * 1024 * 1024

#: The settings the battery reads, with their defaults (set where the configuration has none).
DEFAULTS: dict[str, t.Any] = {
    "TRUSTED_PROXIES": 0,
    "REQUEST_ID_HEADER": "X-Request-ID",
    "ACCESS_LOG": False,
    "LOG_JSON": False,
    "SECURE_HTTPS": True,
    "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
    "CONTENT_SECURITY_POLICY": None,
    "CSRF_ENABLED": True,
    "CSRF_TRUSTED_ORIGINS": [],
}


class ProductionError(DemijohnError, RuntimeError):
    """The application was to start serving outside debug and testing mode with settings
    that are unsafe in production (no secret key, no trusted hosts): it does not start.

    :param problems: what was found.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(
            f"The application did not start: its settings are unsafe in production:\n{lines}\n"
            "Fix them ('demijohn check --deploy' lists every risky setting)."
        )


class Production:
    """Production defaults for an application: request IDs in every log line, health
    endpoints, secure cookies and headers, CSRF protection, and the deployment checks.

    :param app: the application; or call :meth:`init_app` later.
    :param health: add the ``/healthz`` and ``/readyz`` routes.
    :param health_paths: their paths.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        app: Demijohn | None = None,
        *,
        health: bool = True,
        health_paths: tuple[str, str] = ("/healthz", "/readyz"),
    ) -> None:
        self.health = health
        self.health_paths = health_paths
        self.readiness = Readiness()
        self.security_headers = _headers.SecurityHeaders()
        self.csrf = CSRFProtection()
        self._access: logging.Logger | None = None
        self._request_id_header: str | None = None
        self._response_header = DEFAULTS["REQUEST_ID_HEADER"]
        self._csrf_on = True
        self._proxies = 0
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Demijohn) -> None:
        """Set the application up: its settings' defaults, the request hooks, the health
        routes, the template globals, the checks and the start-up check."""
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        app.extensions[EXTENSION_KEY] = self
        proxies = self._proxies = app.config["TRUSTED_PROXIES"]
        if proxies:
            app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
                app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
            )
        install_record_factory()
        app.before_request(self._before_request)
        app.after_request(self._after_request)
        app.add_template_global(csrf_token)
        app.add_template_global(_headers.csp_nonce)
        app.before_serving(lambda: self.start(app))
        app.after_serving(self.readiness.close)
        app.add_check(self._deploy_check, deploy=True)
        if self.health:
            blueprint = create_blueprint(self.readiness, *self.health_paths)
            app.register_blueprint(blueprint)
            self.csrf.exempt(blueprint)

    # -- setup API -------------------------------------------------------------------------

    def readiness_check(
        self, name: str, func: t.Callable[[], t.Any] | None = None, *, timeout: float = 2.0
    ) -> t.Any:
        """Add a check ``/readyz`` runs: ``func()`` returns when ready, raises when not, and
        fails when it takes longer than ``timeout`` seconds. Usable as a decorator
        (``@production.readiness_check("db")``).

        :param name: the name ``/readyz`` reports it under.
        :param func: the check.
        :param timeout: seconds it may take.
        """
        if func is None:
            return lambda func: self.readiness_check(name, func, timeout=timeout)
        self.readiness.add(name, func, timeout)
        return func

    def headers(
        self, target: t.Any = None, values: cabc.Mapping[str, _headers.HeaderValue] | None = None
    ) -> t.Any:
        """Change the security headers of a blueprint, an endpoint or a view: each name
        with its value, ``None`` to send none; a ``Content-Security-Policy`` may be given as
        directives. As a decorator of a view: ``@production.headers({"X-Frame-Options":
        "SAMEORIGIN"})``.

        :param target: a blueprint, an endpoint's name or a view; or the values, to decorate.
        :param values: the headers.
        """
        if values is None:
            given = t.cast("cabc.Mapping[str, _headers.HeaderValue]", target)

            def decorate(view: t.Any) -> t.Any:
                self.security_headers.change(view, given)
                return view

            return decorate
        self.security_headers.change(target, values)
        return target

    def csrf_exempt(self, target: t.Any) -> t.Any:
        """Take a blueprint (and those nested in it), an endpoint or a view out of CSRF
        protection: for views that do not authenticate with the session cookie (an API
        with tokens in headers). Usable as a decorator of a view."""
        self.csrf.exempt(target)
        return target

    # -- start -----------------------------------------------------------------------------

    def apply_defaults(self, app: Demijohn) -> None:
        """Put the secure defaults into the configuration: the session cookie HttpOnly,
        SameSite=Lax and (with ``SECURE_HTTPS``) Secure, a body size limit, ``["*"]`` in
        ``TRUSTED_HOSTS`` read as any host."""
        config = app.config
        config["SESSION_COOKIE_HTTPONLY"] = True
        if config.get("SESSION_COOKIE_SAMESITE") is None:
            config["SESSION_COOKIE_SAMESITE"] = "Lax"
        if config["SECURE_HTTPS"]:
            config["SESSION_COOKIE_SECURE"] = True
        if config.get("MAX_CONTENT_LENGTH") is None:
            config["MAX_CONTENT_LENGTH"] = DEFAULT_MAX_CONTENT_LENGTH
        hosts = config.get("TRUSTED_HOSTS")
        if hosts == "*" or (hosts is not None and "*" in hosts):
            config["TRUSTED_HOSTS"] = None
            app.extensions[_ANY_HOST_KEY] = True

    def start(self, app: Demijohn) -> None:
        """Prepare for serving: apply the defaults, refuse unsafe settings (outside debug
        and testing mode), and work out the headers and log settings once."""
        self.apply_defaults(app)
        if app.config["TRUSTED_PROXIES"] != self._proxies:
            raise ProductionError(
                [
                    Problem(
                        "production.proxy",
                        f"TRUSTED_PROXIES is {app.config['TRUSTED_PROXIES']!r}, but was"
                        f" {self._proxies!r} when Production(app) was made, which is when the"
                        " proxy headers are set up. Set it before making Production(app).",
                    )
                ]
            )
        if not (app.debug or app.testing):
            problems = start_problems(app)
            if problems:
                raise ProductionError(problems)
        config = app.config
        self.security_headers.prepare(
            _headers.default_headers(
                config["SECURE_HTTPS"],
                config["SECURE_HSTS_SECONDS"],
                config["SECURE_HSTS_INCLUDE_SUBDOMAINS"],
                config["CONTENT_SECURITY_POLICY"],
            )
        )
        self._csrf_on = bool(config["CSRF_ENABLED"])
        self.csrf.trusted_origins = frozenset(config["CSRF_TRUSTED_ORIGINS"])
        header = config["REQUEST_ID_HEADER"]
        trusted = config["TRUSTED_PROXIES"] and header
        self._request_id_header = header if trusted else None
        self._response_header = header or DEFAULTS["REQUEST_ID_HEADER"]
        if config["LOG_JSON"]:
            default_handler.setFormatter(JSONFormatter())
        self._access = _access_logger() if config["ACCESS_LOG"] else None
        app.extensions[_STARTED_KEY] = True

    def _deploy_check(self, app: Demijohn) -> list[Problem]:
        self.apply_defaults(app)
        return deploy_problems(app)

    # -- per request -----------------------------------------------------------------------

    def _before_request(self) -> None:
        make_request_id(request, self._request_id_header)
        if self._access is not None:
            request.state[_REQUEST_STARTED_KEY] = time.perf_counter()
        if self._csrf_on:
            self.csrf.protect(_view())

    def _after_request(self, response: Response) -> Response:
        state = request.state
        headers = response.headers
        rid = state.get(STATE_KEY)
        if rid is not None:
            headers.setdefault(self._response_header, rid)
        listed = self.security_headers.for_request(_view())
        if listed:
            _headers.apply(headers, listed, state.get(_headers.NONCE_STATE_KEY))
        access = self._access
        if access is not None and request.endpoint not in HEALTH_ENDPOINTS:
            started = state.get(_REQUEST_STARTED_KEY, time.perf_counter())
            log_access(
                access,
                request.method,
                request.path,
                request.endpoint,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        return response


def _view() -> t.Any:
    """The current request's view function (``None`` when it matched no rule)."""
    endpoint = request.endpoint
    return current_app.view_functions.get(endpoint) if endpoint is not None else None


def _access_logger() -> logging.Logger:
    logger = logging.getLogger(ACCESS_LOGGER)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    if not has_level_handler(logger):
        logger.addHandler(default_handler)
    return logger
