"""The shop's database: one SQLite connection per request, closed when the app context ends.

SQLite keeps the example free of servers; the same pattern holds for any database.
"""

from __future__ import annotations

import os
import sqlite3

from demijohn import Demijohn, current_app, g

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


def get_db() -> sqlite3.Connection:
    """The connection of the current app context, opened on first use."""
    if "db" not in g:
        # One request uses the connection at a time, but not always from one thread: under
        # ASGI a sync view runs in the thread pool while teardown runs on the event loop.
        g.db = sqlite3.connect(current_app.config["DATABASE"], check_same_thread=False)
        g.db.row_factory = sqlite3.Row
    conn: sqlite3.Connection = g.db
    return conn


def close_db(exc: BaseException | None) -> None:
    """Close the connection, if this context opened one."""
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def init_db() -> None:
    """Create the tables and, when empty, add the sample products and the demo user."""
    conn = get_db()
    conn.executescript(SCHEMA)
    if conn.execute("SELECT COUNT(*) FROM product").fetchone()[0] == 0:
        conn.executemany("INSERT INTO product (name, price_cents) VALUES (?, ?)", SEED)
    if conn.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0:
        conn.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)", DEMO_USER)
    conn.commit()


def init_app(app: Demijohn) -> None:
    """Register the connection's teardown and create the database."""
    app.teardown_appcontext(close_db)
    if app.config["DATABASE"] != ":memory:":
        os.makedirs(os.path.dirname(app.config["DATABASE"]), exist_ok=True)
    with app.app_context():
        init_db()
