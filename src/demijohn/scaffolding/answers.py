"""What a project is made from: its name and the batteries chosen (:class:`Answers`), and the
feature modules added since (:class:`Module`), each checked when it is given.

The answers are recorded in the project (:mod:`demijohn.scaffolding.record`), so that
``demijohn new --update`` renders a newer template with the same answers.
"""

from __future__ import annotations

import dataclasses
import keyword
import re
import sys
import typing as t

from demijohn.errors import DemijohnError

__all__ = ["OPTIONS", "Answers", "Module", "ScaffoldingError", "package_name"]

#: The batteries a project may leave out, each with what it gives.
OPTIONS: dict[str, str] = {
    "db": "SQLAlchemy with Alembic migrations (demijohn.db)",
    "i18n": "translations and formatting (demijohn.i18n)",
    "api": "a validated JSON API with OpenAPI (demijohn.validation)",
    "production": "request IDs, health checks and secure defaults (demijohn.production)",
}

#: Names a package or feature cannot have: they would hide a module the project imports.
RESERVED = frozenset({"demijohn", "tests", "test", "migrations", "templates", "static"})

_PROJECT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*$")


class ScaffoldingError(DemijohnError, ValueError):
    """A project or module cannot be made as asked; the message says why and what to do."""


def package_name(project_name: str) -> str:
    """The import name of a project's package: its name in lower case, with ``-`` and ``.``
    as ``_`` (``My-Site`` gives ``my_site``).

    :raises ScaffoldingError: the name makes no importable package.
    """
    if not _PROJECT_NAME.match(project_name):
        raise ScaffoldingError(
            f"The project name {project_name!r} is not a distribution name: use letters,"
            " digits, '-', '_' and '.', starting with a letter (for example 'my-site')."
        )
    package = re.sub(r"[-.]+", "_", project_name).lower()
    check_identifier(package, "package")
    return package


def check_identifier(name: str, what: str) -> None:
    """Refuse ``name`` as the name of a ``what`` (a package or a feature module).

    :raises ScaffoldingError: it is not a lower-case identifier, or is taken.
    """
    if not (name.isidentifier() and name == name.lower()) or name.startswith("_"):
        raise ScaffoldingError(
            f"{name!r} cannot name a {what}: use a lower-case Python identifier, such as"
            " 'catalog' or 'user_accounts'."
        )
    if keyword.iskeyword(name) or name in RESERVED or name in sys.stdlib_module_names:
        raise ScaffoldingError(
            f"{name!r} cannot name a {what}: it would hide a module of Python, demijohn or"
            " the project's own layout. Choose another name."
        )


@dataclasses.dataclass(frozen=True)
class Module:
    """A feature module added by ``demijohn new module``.

    :param name: its package name, also its URL prefix and its table's name.
    :param after: the migration its own migration follows (the head when it was added).
    """

    name: str
    after: str | None = None

    @property
    def model(self) -> str:
        """The name of its model class: the name in CamelCase, singular where it ends in
        one ``s`` (``notes`` gives ``Note``)."""
        camel = "".join(part.capitalize() for part in self.name.split("_"))
        if len(camel) > 3 and camel.endswith("s") and not camel.endswith("ss"):
            camel = camel[:-1]
        return camel

    @property
    def revision(self) -> str:
        """The revision ID of its migration."""
        return f"create_{self.name}"


@dataclasses.dataclass(frozen=True)
class Answers:
    """The answers a project is rendered from.

    :param name: the project's (distribution) name.
    :param db: :data:`OPTIONS` says what each flag adds.
    :param modules: the feature modules added, in order.
    :param demijohn_source: where the project's Makefile installs demijohn from by default
        (recorded when the project is made, so that an update from another machine keeps it).
    """

    name: str
    db: bool = True
    i18n: bool = True
    api: bool = True
    production: bool = True
    modules: tuple[Module, ...] = ()
    demijohn_source: str = ""

    def __post_init__(self) -> None:
        package_name(self.name)

    @property
    def package(self) -> str:
        """The import name of the project's package."""
        return package_name(self.name)

    @property
    def prefix(self) -> str:
        """The prefix of its environment variables (``MY_SITE_``)."""
        return self.package.upper() + "_"

    @property
    def extras(self) -> str:
        """demijohn's extras the project needs, comma-separated."""
        chosen = ["settings", "providers", "dotenv", "servers"]
        chosen += [
            extra
            for extra, wanted in (
                ("db", self.db),
                ("i18n", self.i18n),
                ("validation", self.api),
                ("production", self.production),
            )
            if wanted
        ]
        return ",".join(sorted(chosen))

    def with_module(self, module: Module) -> Answers:
        """These answers with ``module`` added.

        :raises ScaffoldingError: the project has a feature of that name.
        """
        check_identifier(module.name, "feature module")
        if module.name in {"home", *(each.name for each in self.modules)}:
            raise ScaffoldingError(
                f"The project already has a feature named {module.name!r}. Choose another name."
            )
        return dataclasses.replace(self, modules=(*self.modules, module))

    def to_json(self) -> dict[str, t.Any]:
        """The answers as JSON values, as the project records them."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, t.Any]) -> Answers:
        """Answers recorded by :meth:`to_json`; keys a newer template added keep their
        defaults, and keys an older one had are ignored."""
        fields = {field.name for field in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in fields}
        values["modules"] = tuple(Module(**each) for each in values.get("modules", ()))
        return cls(**values)
