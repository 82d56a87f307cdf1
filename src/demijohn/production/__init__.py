"""Production defaults: what an application run by people who did not write it needs.

::

    from demijohn import Demijohn
    from demijohn.production import Production

    app = Demijohn("shop")
    app.config.from_prefixed_env()
    production = Production(app)

    @production.readiness_check("database", timeout=1.0)
    def database() -> None:
        db.execute("SELECT 1")

An application opts in by making :class:`Production`; nothing changes for one that does not
(under the Flask layer too). Then:

- every request has an ID (from ``X-Request-ID`` when ``TRUSTED_PROXIES`` says a proxy sets it,
  else a new one), echoed in the response, given by :func:`request_id` and put into every log
  record made while the request is handled (``record.request_id``); :class:`JSONFormatter` and
  ``ACCESS_LOG`` give logs for machines;
- ``/healthz`` and ``/readyz`` answer load balancers (:mod:`~demijohn.production.health`);
- the session cookie is HttpOnly, SameSite=Lax and Secure, bodies are limited, every response
  has the security headers, and a Content-Security-Policy can use per-request nonces
  (:mod:`~demijohn.production.headers`);
- forms posted with the session cookie need the session's CSRF token
  (:mod:`~demijohn.production.csrf`);
- outside debug and testing mode, a missing or weak ``SECRET_KEY`` or unset
  ``TRUSTED_HOSTS`` stops the start, and ``demijohn check --deploy`` lists every risky setting
  (:mod:`~demijohn.production.checks`).

This module is a battery: it uses only demijohn's public API (request hooks, blueprints, the
checks, ``app.add_check(deploy=True)``) and nothing in the core imports it. It needs no extra
dependency.

.. versionadded:: 0.1
"""

from __future__ import annotations

from .csrf import CSRFError, csrf_token
from .extension import DEFAULTS, EXTENSION_KEY, Production, ProductionError
from .headers import NONCE, csp_nonce
from .logs import ACCESS_LOGGER, JSONFormatter
from .requestid import RequestIDFilter, request_id

__all__ = [
    "ACCESS_LOGGER",
    "DEFAULTS",
    "EXTENSION_KEY",
    "NONCE",
    "CSRFError",
    "JSONFormatter",
    "Production",
    "ProductionError",
    "RequestIDFilter",
    "csp_nonce",
    "csrf_token",
    "request_id",
]
