"""What is measured: the cases, the targets (a framework served over one protocol) and the
virtual environment each target runs in, with pinned versions.

Standard library only: the driver imports this inside every peer's environment.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

#: The request-path cases, in report order.
CASES = (
    "hello",
    "params",
    "json",
    "json_model",
    "template",
    "not_found",
    "session",
    "hello_di",
    "db_read",
    "db_insert",
)

#: The environment demijohn and the floors run in: the project's own ``.venv``.
PROJECT = "project"

#: Each peer's environment, created under ``benchmarks/.venvs/<name>``: pinned requirements,
#: with the servers of mode (c) at the versions the project's environment uses.
PEER_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "flask": ("flask==3.1.3", "flask-sqlalchemy==3.1.1", "sqlalchemy==2.0.44", "gunicorn==27.0.1"),
    "quart": ("quart==0.22.0", "uvicorn==0.54.0"),
    "falcon": ("falcon==4.4.0", "jinja2==3.1.6", "gunicorn==27.0.1", "uvicorn==0.54.0"),
    "starlette": ("starlette==1.10.0", "jinja2==3.1.6", "itsdangerous==2.2.0", "uvicorn==0.54.0"),
    "bottle": ("bottle==0.13.4", "gunicorn==27.0.1"),
    "flask-smorest": (
        "flask==3.1.3",
        "flask-smorest==0.47.0",
        "marshmallow==4.4.0",
        "gunicorn==27.0.1",
    ),
    "fastapi": (
        "fastapi==0.163.2",
        "jinja2==3.1.6",
        "itsdangerous==2.2.0",
        "sqlalchemy[asyncio]==2.1.9",
        "aiosqlite==0.22.1",
        "uvicorn==0.54.0",
    ),
    "litestar": ("litestar==2.25.0", "jinja2==3.1.6", "cryptography==50.0.2", "uvicorn==0.54.0"),
}

#: The distributions whose versions the report names, per environment.
REPORTED_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    PROJECT: ("demijohn", "sqlalchemy", "werkzeug", "jinja2", "gunicorn", "uvicorn"),
    "flask": ("flask", "flask-sqlalchemy", "sqlalchemy", "werkzeug", "jinja2", "gunicorn"),
    "quart": ("quart", "werkzeug", "jinja2", "uvicorn"),
    "falcon": ("falcon", "jinja2", "gunicorn", "uvicorn"),
    "starlette": ("starlette", "jinja2", "itsdangerous", "uvicorn"),
    "bottle": ("bottle", "gunicorn"),
    "fastapi": ("fastapi", "starlette", "pydantic", "sqlalchemy", "uvicorn"),
    "litestar": ("litestar", "msgspec", "uvicorn"),
    "flask-smorest": ("flask-smorest", "flask", "marshmallow", "gunicorn"),
}

_FLOOR_REASON = "a bare callable has no router, templates or sessions"
#: Why a peer has no ``hello_di``: it measures demijohn's providers against demijohn's hello.
_NO_PROVIDERS = "no request-scoped dependency injection in its API"
#: Why a peer has no ``json_model``: it measures request and response models, which these
#: frameworks leave to add-ons.
_NO_MODELS = "no request or response models in its API"
#: Why a peer has no ``db`` cases: only Flask's and FastAPI's environments have SQLAlchemy.
_NO_DB = "no SQLAlchemy integration of its own in this comparison"
_NO_DB_CASES = {"db_read": _NO_DB, "db_insert": _NO_DB}
_FLOOR_CASES = (
    "params",
    "json_model",
    "template",
    "not_found",
    "session",
    "hello_di",
    "db_read",
    "db_insert",
)
#: Why flask-smorest has only ``json_model``: its other cases are Flask's.
_SMOREST_REASON = "the same as Flask's: flask-smorest adds only schemas and documentation"
_FALCON_NA = {
    "session": "Falcon has no sessions; its documentation leaves them to add-ons",
    "hello_di": _NO_PROVIDERS,
    "json_model": _NO_MODELS,
    **_NO_DB_CASES,
}


@dataclass(frozen=True)
class Target:
    """One framework served over one protocol.

    :param name: the key used on the command line and in results.
    :param label: the column heading in the report.
    :param protocol: ``"wsgi"`` or ``"asgi"``.
    :param module: the module of :mod:`benchmarks.apps` with its ``create_<case>`` functions.
    :param environment: :data:`PROJECT` or a key of :data:`PEER_REQUIREMENTS`.
    :param not_applicable: the cases the target does not have, each with the reason.
    """

    name: str
    label: str
    protocol: t.Literal["wsgi", "asgi"]
    module: str
    environment: str
    not_applicable: dict[str, str] = field(default_factory=dict)

    @property
    def factory_prefix(self) -> str:
        """``module:create_`` : the prefix of each case's factory, as servers name it."""
        return f"{self.module}:create_"

    def has(self, case: str) -> bool:
        """Whether this target has an application for ``case``."""
        return case not in self.not_applicable


def _apps(name: str) -> str:
    return f"benchmarks.apps.{name}"


TARGETS: tuple[Target, ...] = (
    Target(
        "floor-wsgi",
        "bare WSGI",
        "wsgi",
        _apps("floor_wsgi"),
        PROJECT,
        {case: _FLOOR_REASON for case in _FLOOR_CASES},
    ),
    Target("demijohn-wsgi", "demijohn", "wsgi", _apps("demijohn_sync"), PROJECT),
    Target(
        "flask",
        "Flask",
        "wsgi",
        _apps("flask_apps"),
        "flask",
        {"hello_di": _NO_PROVIDERS, "json_model": _NO_MODELS},
    ),
    Target(
        "falcon-wsgi",
        "Falcon",
        "wsgi",
        _apps("falcon_wsgi"),
        "falcon",
        _FALCON_NA,
    ),
    Target(
        "bottle",
        "Bottle",
        "wsgi",
        _apps("bottle_apps"),
        "bottle",
        {"hello_di": _NO_PROVIDERS, "json_model": _NO_MODELS, **_NO_DB_CASES},
    ),
    Target(
        "flask-smorest",
        "flask-smorest",
        "wsgi",
        _apps("smorest_apps"),
        "flask-smorest",
        {case: _SMOREST_REASON for case in CASES if case != "json_model"},
    ),
    Target(
        "floor-asgi",
        "bare ASGI",
        "asgi",
        _apps("floor_asgi"),
        PROJECT,
        {case: _FLOOR_REASON for case in _FLOOR_CASES},
    ),
    Target("demijohn-asgi", "demijohn", "asgi", _apps("demijohn_async"), PROJECT),
    Target(
        "quart",
        "Quart",
        "asgi",
        _apps("quart_apps"),
        "quart",
        {"hello_di": _NO_PROVIDERS, "json_model": _NO_MODELS, **_NO_DB_CASES},
    ),
    Target(
        "falcon-asgi",
        "Falcon",
        "asgi",
        _apps("falcon_asgi"),
        "falcon",
        _FALCON_NA,
    ),
    Target(
        "starlette",
        "Starlette",
        "asgi",
        _apps("starlette_apps"),
        "starlette",
        {"hello_di": _NO_PROVIDERS, "json_model": _NO_MODELS, **_NO_DB_CASES},
    ),
    Target("fastapi", "FastAPI", "asgi", _apps("fastapi_apps"), "fastapi"),
    Target("litestar", "Litestar", "asgi", _apps("litestar_apps"), "litestar", _NO_DB_CASES),
)

#: The targets each protocol's ratios are taken against: the Flask API (Flask, and Quart on
#: ASGI) and Falcon.
REFERENCES: dict[str, tuple[str, str]] = {
    "wsgi": ("flask", "falcon-wsgi"),
    "asgi": ("quart", "falcon-asgi"),
}


def get_target(name: str) -> Target:
    """The target called ``name``.

    :raises LookupError: there is none; the message lists the names.
    """
    for target in TARGETS:
        if target.name == name:
            return target
    names = ", ".join(target.name for target in TARGETS)
    raise LookupError(f"There is no benchmark target {name!r}. Choose one of: {names}.")
