"""The deployment checks of ``demijohn check --deploy``: each risky setting with an id, why
it matters and how to fix it. The same judgement of the secret key and the hosts stops a
start outside debug and testing mode (:func:`start_problems`).
"""

from __future__ import annotations

import importlib.util
import typing as t

from demijohn.checks import Problem
from demijohn.secret_keys import GENERATE_A_KEY, weakness

if t.TYPE_CHECKING:
    from demijohn import Demijohn

__all__ = ["PRODUCTION_SERVERS", "deploy_problems", "start_problems"]

#: Servers fit for production, one of which should be installed.
PRODUCTION_SERVERS = ("gunicorn", "uvicorn", "hypercorn", "granian", "waitress")
#: A body limit above which the check warns (bytes).
LARGE_BODY = 100 * 1024 * 1024
#: The HSTS duration below which the check warns (seconds): browsers' preload lists ask for
#: a year.
SHORT_HSTS = 365 * 24 * 3600


def _check_secret_key(app: Demijohn) -> list[Problem]:
    key = app.config.get("SECRET_KEY")
    if not key:
        return [
            Problem(
                "production.secret_key",
                "SECRET_KEY is not set, so sessions (and the CSRF tokens kept in them) cannot"
                " be signed. Set it from the environment to a random value, made with:"
                f" {GENERATE_A_KEY}",
            )
        ]
    why = weakness(key)
    if why is not None:
        return [
            Problem(
                "production.secret_key",
                f"SECRET_KEY {why}. Anyone who finds it can forge sessions. Set a random one,"
                f" made with: {GENERATE_A_KEY}",
            )
        ]
    return []


def _check_hosts(app: Demijohn) -> list[Problem]:
    if app.config.get("TRUSTED_HOSTS") is None and not app.extensions.get(
        "demijohn.production.any_host"
    ):
        return [
            Problem(
                "production.hosts",
                "TRUSTED_HOSTS is not set, so any Host header is answered, and URLs built from"
                " it (password-reset links, redirects) can point at an attacker's site. List"
                ' the names the site is served under (TRUSTED_HOSTS = ["shop.example"], a'
                ' leading dot for subdomains), or set it to ["*"] to answer any host on'
                " purpose (a proxy in front checks them).",
            )
        ]
    return []


def start_problems(app: Demijohn) -> list[Problem]:
    """What stops an application from starting in production: the secret key, the hosts."""
    return [*_check_secret_key(app), *_check_hosts(app)]


def _check_mode(app: Demijohn) -> list[Problem]:
    problems = []
    if app.debug:
        problems.append(
            Problem(
                "production.debug",
                "Debug mode is on: an error shows its traceback, and with the debugger anyone"
                " can run code on the server. Turn it off (DEMIJOHN_DEBUG unset, no --debug).",
            )
        )
    if app.testing:
        problems.append(
            Problem(
                "production.testing",
                "TESTING is on: errors are raised instead of answered, and checks meant for"
                " production are skipped. Set TESTING to False outside tests.",
            )
        )
    return problems


def _check_cookies(app: Demijohn) -> list[Problem]:
    config = app.config
    problems = []
    if not config.get("SECURE_HTTPS"):
        problems.append(
            Problem(
                "production.https",
                "SECURE_HTTPS is off: the session cookie is sent without Secure (so over plain"
                " HTTP too), and no Strict-Transport-Security header is sent. Serve the site"
                " over HTTPS and leave SECURE_HTTPS on.",
                severity="warning",
            )
        )
    if config.get("SESSION_COOKIE_SAMESITE") not in {"Lax", "Strict", None}:
        problems.append(
            Problem(
                "production.session_cookie",
                "SESSION_COOKIE_SAMESITE is neither 'Lax' nor 'Strict': other sites' pages"
                " send the session cookie with their requests. Set it to 'Lax'.",
                severity="warning",
            )
        )
    return problems


def _check_transport(app: Demijohn) -> list[Problem]:
    config = app.config
    problems = []
    hsts = config.get("SECURE_HSTS_SECONDS") or 0
    if config.get("SECURE_HTTPS") and hsts < SHORT_HSTS:
        problems.append(
            Problem(
                "production.hsts",
                f"SECURE_HSTS_SECONDS is {hsts}: browsers may still try plain HTTP first, where"
                " the connection can be taken over. Set it to at least a year (31536000) once"
                " HTTPS works everywhere.",
                severity="warning",
            )
        )
    limit = config.get("MAX_CONTENT_LENGTH")
    if limit is not None and limit > LARGE_BODY:
        problems.append(
            Problem(
                "production.body_limit",
                f"MAX_CONTENT_LENGTH is {limit} bytes: a few clients sending bodies that large"
                " can exhaust memory or disk. Lower it, or raise it only for the views that"
                " take uploads (request.max_content_length).",
                severity="warning",
            )
        )
    if config.get("SECURE_HTTPS") and not config.get("TRUSTED_PROXIES"):
        problems.append(
            Problem(
                "production.proxy",
                "SECURE_HTTPS is on and TRUSTED_PROXIES is 0: if a proxy in front ends TLS, the"
                " application sees plain HTTP (request.is_secure is False, external URLs use"
                " http://, HTTPS-only checks fail). Set TRUSTED_PROXIES to the number of"
                " proxies in front, or ignore this when the server itself speaks HTTPS.",
                severity="warning",
            )
        )
    return problems


def _check_server(app: Demijohn) -> list[Problem]:
    if any(importlib.util.find_spec(name) is not None for name in PRODUCTION_SERVERS):
        return []
    return [
        Problem(
            "production.server",
            "No production server is installed ("
            + ", ".join(PRODUCTION_SERVERS)
            + "): 'demijohn run' is the development server, which is neither fast nor hardened."
            " Install one and serve with it (gunicorn 'shop:app', uvicorn 'shop:app.asgi').",
        )
    ]


def deploy_problems(app: Demijohn) -> list[Problem]:
    """Every deployment check's problems."""
    return [
        *_check_mode(app),
        *start_problems(app),
        *_check_cookies(app),
        *_check_transport(app),
        *_check_server(app),
    ]
