"""The shop's database (:mod:`demijohn.db`): the declarative base of every model, the sample
data, and applying the migrations (``migrations/``, Alembic), which ``firstrun.py`` does when
the application is made.

Views ask for a :class:`~sqlalchemy.orm.Session` by type: a provider makes it on first use in a
request, commits it when the request succeeded, rolls it back when it failed, and closes it
before the response is sent. SQLite keeps the example free of servers; set
``SHOP_DATABASE_URL`` for another database.
"""

from __future__ import annotations

import logging

from alembic import command
from sqlalchemy import MetaData, text
from sqlalchemy.orm import DeclarativeBase, Session

from demijohn import current_app
from demijohn.db import NAMING_CONVENTION, Database
from demijohn.db.migrations import alembic_config
from demijohn.providers import Providers

logger = logging.getLogger(__name__)

#: The sample products a new database starts with: name and price in cents.
SEED = [("Demijohn, 5 l", 2400), ("Airlock", 350), ("Cork bung", 120)]

#: The user ``demo`` with the password ``demo``. The hash is what
#: ``werkzeug.security.generate_password_hash("demo")`` returned: hashing is slow on purpose,
#: so it is done once here rather than each time a database is created.
DEMO_USER = (
    "demo",
    (
        "scrypt:32768:8:1$uS7mUMip7ybRvgV5$4b66735f9260981932e9aecb684d3690f846a0614daf2f09af"
        "6568176b12695da489faf2464ca04781d3b82538fd12b8b003f63043c59c2713131878fa5d3742"
    ),
)


class Model(DeclarativeBase):
    """The base of the shop's models: every constraint gets a name migrations can use."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def get_db() -> Session:
    """The request's session, for code that is not a view (views, and hooks, ask for a
    ``Session`` parameter instead)."""
    return Providers.of(current_app).get(Session)


def upgrade(db: Database) -> None:
    """Apply the migrations not applied yet, as ``demijohn db upgrade`` does."""
    command.upgrade(alembic_config(db), "head")


def ping(database: Database) -> None:
    """Ask the database for nothing: ``/readyz`` fails while this raises."""
    with database.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def release_request_session() -> None:
    """End the request's session now rather than when the request ends: for a view that
    stays open (a WebSocket, a stream of events), whose session, used by the hooks that ran
    before it (loading the user), would otherwise hold its transaction, and with it SQLite's
    lock, which keeps every other request from writing."""
    get_db().close()
