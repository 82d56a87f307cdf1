"""The database's keys as typed settings (:mod:`demijohn.settings`): derive the application's
settings class from :class:`DatabaseSettings`, and the keys are loaded from the environment,
the settings file or secrets, checked at start-up, and copied into ``app.config`` for
:class:`~demijohn.db.Database` to read::

    class ShopSettings(DatabaseSettings):
        PAGE_SIZE: int = 20

    settings = ShopSettings.init_app(app, prefix="SHOP_")   # SHOP_DATABASE_URL=postgresql://...
    db = Database(app, Model)

Needs the ``settings`` extra besides ``db``.
"""

from __future__ import annotations

import typing as t

from demijohn.settings import SecretStr, Settings

__all__ = ["DatabaseSettings"]


class DatabaseSettings(Settings):
    """The keys :class:`~demijohn.db.Database` reads, typed, with their defaults. The URLs
    are secrets (they may hold a password): ``demijohn config`` masks them."""

    DATABASE_URL: SecretStr = SecretStr("sqlite:///database.sqlite")
    DATABASE_ASYNC_URL: SecretStr | None = None
    DATABASE_BINDS: dict[str, t.Any] = {}
    DATABASE_ENGINE_OPTIONS: dict[str, t.Any] = {}
    DATABASE_ECHO: bool = False
    DATABASE_COMMIT_ON_SUCCESS: bool = True
    DATABASE_SESSION_OPTIONS: dict[str, t.Any] = {}
    DATABASE_MIGRATIONS: str = "migrations"
