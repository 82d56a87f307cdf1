"""Typed, layered settings, checked when the application is created.

An application declares its settings as a class, with a type and, where there is one, a
default for each::

    from demijohn import Demijohn
    from demijohn.settings import SecretStr, Settings

    class ShopSettings(Settings):
        PAGE_SIZE: int = 20
        SECRET_KEY: SecretStr

    app = Demijohn("shop")
    settings = ShopSettings.init_app(app, prefix="SHOP_", file="settings.toml")

Each value comes from the first of these that gives it, highest first:

1. ``overrides`` passed to :meth:`Settings.load` or :meth:`Settings.init_app` (tests);
2. environment variables named with the prefix (``SHOP_PAGE_SIZE``); lists, dicts and nested
   models are written as JSON;
3. files in ``secrets_dir`` named like the variables (``/run/secrets/SHOP_SECRET_KEY``), as
   Docker and Kubernetes mount secrets;
4. the TOML file: the table ``[environments.<name>]`` of the current environment, then its
   top-level keys;
5. the defaults in the class.

The environment (``development``, ``testing``, ``production`` or any other name) is the
``environment`` argument, else the ``<PREFIX>ENVIRONMENT`` variable, else ``production``, so
that what differs between environments lives in the file, not in ``if`` statements.

Every value is converted and validated by pydantic when the settings are loaded, and every
problem is reported at once in one :class:`SettingsError`, naming the key, where its value came
from, the value and what was expected; a required setting that no source gives stops start-up.
:meth:`Settings.init_app` then copies the upper-case settings into ``app.config`` (secrets as
plain strings), so code and extensions that read ``app.config`` work unchanged, and typed code
reads ``ShopSettings.of(app).PAGE_SIZE``; unless the class declares ``CHECK_ON_START``, it
turns the start-up checks on in the ``production`` environment and off in the others. It
also records where each value came from in ``app.config.sources`` and the secrets in
``app.config.secret_keys``, so that ``demijohn config`` prints the effective settings and where
each came from, with secrets masked.

This module is a battery: it uses only demijohn's public API, and nothing in the core imports
it. It needs the ``settings`` extra (``pip install demijohn[settings]``).

.. versionadded:: 0.1
"""

from __future__ import annotations

import collections.abc as cabc
import os
import tomllib
import typing as t
from pathlib import Path

from pydantic import BaseModel, PrivateAttr, SecretBytes, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    SecretsSettingsSource,
    SettingsConfigDict,
)

from demijohn import current_app
from demijohn.errors import DemijohnError

if t.TYPE_CHECKING:
    from demijohn import Demijohn

__all__ = ["EXTENSION_KEY", "SecretBytes", "SecretStr", "Settings", "SettingsError"]

#: The key of ``app.extensions`` under which :meth:`Settings.init_app` keeps the settings.
EXTENSION_KEY = "demijohn.settings"
#: The environment when neither the argument nor the variable names one.
DEFAULT_ENVIRONMENT = "production"
#: Where a value that no source gave comes from.
DEFAULT_SOURCE = "the default in the class"

Self = t.TypeVar("Self", bound="Settings")


class SettingsError(DemijohnError, ValueError):
    """The settings could not be loaded: every problem found, one per line.

    :param problems: one line per problem, each naming the key.
    """

    def __init__(self, settings_class: type[Settings], problems: list[str]) -> None:
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{settings_class.__name__} could not be loaded ({count}):\n{lines}")


class Settings(BaseSettings):
    """The base class of an application's settings. Declare each setting as a field with a
    type (and a default unless it is required); use :class:`SecretStr` for secrets.

    Instances are frozen: settings are read, never changed while the application runs.
    """

    model_config = SettingsConfigDict(frozen=True, extra="forbid", case_sensitive=False)

    _sources: dict[str, str] = PrivateAttr(default_factory=dict)
    _environment: str = PrivateAttr(default=DEFAULT_ENVIRONMENT)

    @classmethod
    def load(
        cls: type[Self],
        *,
        prefix: str = "",
        file: str | os.PathLike[str] | None = None,
        environment: str | None = None,
        secrets_dir: str | os.PathLike[str] | None = None,
        overrides: cabc.Mapping[str, t.Any] | None = None,
    ) -> Self:
        """Load and check the settings from their sources (see the module's documentation).

        :param prefix: the prefix of the environment variables, with its underscore
            (``"SHOP_"``).
        :param file: a TOML file; a missing file is an error.
        :param environment: the current environment; by default ``<PREFIX>ENVIRONMENT``,
            else ``production``.
        :param secrets_dir: a folder of files named like the environment variables, each
            holding one value.
        :param overrides: values that win over every source.
        :raises SettingsError: a value is missing, of the wrong type or not a setting.
        """
        if environment is None:
            environment = os.environ.get(f"{prefix}ENVIRONMENT") or DEFAULT_ENVIRONMENT
        values: dict[str, t.Any] = {}
        sources: dict[str, str] = {}
        problems: list[str] = []
        fields = {name.lower(): name for name in cls.model_fields}

        def take(layer: cabc.Mapping[str, t.Any], where: t.Callable[[str], str]) -> None:
            # Lower layers first; a higher one replaces what a lower one gave.
            for key, value in layer.items():
                name = fields.get(key.lower(), key)
                values[name] = value
                sources[name] = where(name)

        if file is not None:
            for layer, where in _file_layers(Path(file), environment, problems):
                take(layer, where)
        if secrets_dir is not None:
            folder = Path(secrets_dir)
            secrets = SecretsSettingsSource(cls, secrets_dir=folder, env_prefix=prefix)()
            take(secrets, lambda name: f"the secret file {folder / (prefix + name)}")
        take(EnvSettingsSource(cls, env_prefix=prefix)(), lambda name: f"${prefix}{name}")
        take(dict(overrides or {}), lambda name: "the overrides")
        if problems:
            raise SettingsError(cls, problems)
        try:
            settings = cls.model_validate(values)
        except ValidationError as e:
            secret = {name for name in cls.model_fields if _is_secret(cls, name)}
            problems = _describe(e, values, sources, secret, prefix, file)
            raise SettingsError(cls, problems) from None
        settings._sources = {name: sources.get(name, DEFAULT_SOURCE) for name in cls.model_fields}
        settings._environment = environment
        return settings

    @classmethod
    def init_app(
        cls: type[Self],
        app: Demijohn,
        *,
        prefix: str | None = None,
        file: str | os.PathLike[str] | None = None,
        environment: str | None = None,
        secrets_dir: str | os.PathLike[str] | None = None,
        overrides: cabc.Mapping[str, t.Any] | None = None,
    ) -> Self:
        """Load the settings for ``app`` (as :meth:`load`), copy the upper-case ones into
        ``app.config`` and keep them in ``app.extensions``, so that :meth:`of` finds them.

        :param app: the application.
        :param prefix: as for :meth:`load`; by default the application's name in capitals
            and an underscore (``SHOP_`` for ``Demijohn("shop")``).
        :param file: as for :meth:`load`; a relative path is relative to the application's
            root folder.
        """
        if prefix is None:
            prefix = app.name.rpartition(".")[2].upper() + "_"
        if file is not None and not os.path.isabs(file):
            file = os.path.join(app.root_path, file)
        settings = cls.load(
            prefix=prefix,
            file=file,
            environment=environment,
            secrets_dir=secrets_dir,
            overrides=overrides,
        )
        sources = settings.sources()
        for name in cls.model_fields:
            if name.isupper():
                app.config[name] = _plain(getattr(settings, name))
                app.config.sources[name] = sources[name]
                if _is_secret(cls, name):
                    app.config.secret_keys.add(name)
        if "CHECK_ON_START" not in cls.model_fields:
            # Fail fast where it matters most: in production, an application that the checks
            # find broken does not start serving. A class that declares the setting decides.
            app.config["CHECK_ON_START"] = settings.environment == "production"
            app.config.sources["CHECK_ON_START"] = (
                f"demijohn.settings, for the {settings.environment!r} environment"
            )
        app.extensions[EXTENSION_KEY] = settings
        return settings

    @classmethod
    def of(cls: type[Self], app: Demijohn | None = None) -> Self:
        """The settings of ``app`` (by default the current application), typed as this class.

        :raises DemijohnError: the application has no settings of this class.
        """
        if app is None:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
        settings = app.extensions.get(EXTENSION_KEY)
        if not isinstance(settings, cls):
            raise DemijohnError(
                f"The application {app.name!r} has no {cls.__name__}. Call"
                f" '{cls.__name__}.init_app(app)' where the application is created."
            )
        return settings

    @property
    def environment(self) -> str:
        """The environment the settings were loaded for."""
        return self._environment

    def sources(self) -> dict[str, str]:
        """Where each setting's value came from, by name."""
        return dict(self._sources)


def _file_layers(
    path: Path, environment: str, problems: list[str]
) -> list[tuple[dict[str, t.Any], t.Callable[[str], str]]]:
    """The top-level keys of the TOML file, then its table for ``environment``."""
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        problems.append(f"the settings file {path} does not exist")
        return []
    except tomllib.TOMLDecodeError as e:
        problems.append(f"the settings file {path} is not valid TOML: {e}")
        return []
    tables = data.pop("environments", {})
    if not isinstance(tables, dict):
        problems.append(f"'environments' in {path} must be a table of tables, one per environment")
        tables = {}
    chosen = tables.get(environment, {})
    return [
        (data, lambda name: str(path)),
        (chosen, lambda name: f"{path} [environments.{environment}]"),
    ]


def _describe(
    error: ValidationError,
    values: dict[str, t.Any],
    sources: dict[str, str],
    secret: set[str],
    prefix: str,
    file: str | os.PathLike[str] | None,
) -> list[str]:
    """One line per validation error: the key, where its value came from, the value, and
    what was expected; for a missing one, where it could be given."""
    lines = []
    for item in error.errors(include_url=False):
        location = item["loc"]
        name = str(location[0]) if location else "?"
        key = ".".join(str(part) for part in location) or name
        if item["type"] == "missing" and len(location) == 1:
            places = [f"set ${prefix}{name}"]
            if file is not None:
                places.append(f"add it to {file}")
            lines.append(f"{key} is required, but nothing gives it: {' or '.join(places)}")
            continue
        if item["type"] == "extra_forbidden":
            lines.append(
                f"{key} from {sources.get(name, 'the input')} is not a setting of this class:"
                " check its spelling, or declare it"
            )
            continue
        if name in secret:
            shown = "'**********'"
        else:
            shown = _shown(values[name] if name in values else item.get("input"))
        lines.append(f"{key} = {shown} from {sources.get(name, DEFAULT_SOURCE)}: {item['msg']}")
    return lines


def _is_secret(cls: type[Settings], name: str) -> bool:
    """Whether the field ``name`` holds a secret (its type is or contains a secret type)."""
    annotation = cls.model_fields[name].annotation
    kinds = (annotation, *t.get_args(annotation))
    return any(kind in (SecretStr, SecretBytes) for kind in kinds)


def _plain(value: t.Any) -> t.Any:
    """A setting's value as code reading ``app.config`` expects it."""
    if isinstance(value, (SecretStr, SecretBytes)):
        return value.get_secret_value()
    if isinstance(value, BaseModel):
        return value.model_dump()
    return value


def _shown(value: t.Any) -> str:
    """A value as text, with secrets masked."""
    if isinstance(value, (SecretStr, SecretBytes)):
        return "'**********'" if value.get_secret_value() else "''"
    return repr(value)
