"""The shop's database: one SQLite connection per request, made by a provider the first time
a view (or a hook) asks for a ``sqlite3.Connection``, rolled back if the request failed, and
closed before the response is sent.

SQLite keeps the example free of servers; the same pattern holds for any database.
"""

from __future__ import annotations

import collections.abc as cabc
import os
import sqlite3

from demijohn import Demijohn, current_app
from demijohn.providers import Providers

SCHEMA = """
CREATE TABLE IF NOT EXISTS product (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    price_cents INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS review (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES product(id),
    stars INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL
);
-- ORDER is an SQL keyword, hence the plural.
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id)
);
CREATE TABLE IF NOT EXISTS order_line (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    product_id INTEGER NOT NULL REFERENCES product(id),
    quantity INTEGER NOT NULL,
    price_cents INTEGER NOT NULL
);
"""

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


def connect(path: str) -> sqlite3.Connection:
    """A connection whose rows can be read by column name."""
    # One request uses the connection at a time, but not always from one thread: under ASGI
    # a sync view runs in the thread pool while teardown runs on the event loop.
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def connection() -> cabc.Iterator[sqlite3.Connection]:
    """The request's connection (a provider): views commit what they write; anything left
    uncommitted when the request failed is rolled back, and the connection is closed before
    the response is sent."""
    conn = connect(current_app.config["DATABASE"])
    try:
        yield conn
    except Exception:
        conn.rollback()
        raise
    finally:
        conn.close()


def get_db() -> sqlite3.Connection:
    """The request's connection, for code that is not a view: views, and hooks, ask for a
    ``sqlite3.Connection`` parameter instead."""
    return Providers.of(current_app).get(sqlite3.Connection)


def init_db(conn: sqlite3.Connection) -> None:
    """Create the tables and, when empty, add the sample products and the demo user."""
    conn.executescript(SCHEMA)
    if conn.execute("SELECT COUNT(*) FROM product").fetchone()[0] == 0:
        conn.executemany("INSERT INTO product (name, price_cents) VALUES (?, ?)", SEED)
    if conn.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0:
        conn.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)", DEMO_USER)
    conn.commit()


def init_app(app: Demijohn, providers: Providers) -> None:
    """Provide the request's connection and create the database."""
    providers.provide(connection)
    if app.config["DATABASE"] != ":memory:":
        os.makedirs(os.path.dirname(app.config["DATABASE"]), exist_ok=True)
    conn = connect(app.config["DATABASE"])
    try:
        init_db(conn)
    finally:
        conn.close()
