"""What a fresh checkout gets when the application is first made: the database migrated and
seeded, the catalogues compiled; and nothing done twice."""

from __future__ import annotations

import os
import pathlib

from examples.shop import create_app, settings
from examples.shop.firstrun import compile_catalogues
from examples.shop.tests.conftest import settings_for
from sqlalchemy import create_engine, inspect, text

PO = """\
msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Cart"
msgstr "Warenkorb"
"""


def test_a_new_database_is_migrated_and_seeded(tmp_path: pathlib.Path) -> None:
    create_app(settings.Testing, settings_for(tmp_path))
    engine = create_engine(f"sqlite:///{tmp_path / 'shop.sqlite3'}")
    try:
        tables = set(inspect(engine).get_table_names())
        assert tables == {"alembic_version", "product", "review", "users", "orders", "order_line"}
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "0001"
            assert connection.scalar(text("SELECT COUNT(*) FROM product")) == 3
            # Made again (a restart): nothing is added twice.
            create_app(settings.Testing, settings_for(tmp_path))
            assert connection.scalar(text("SELECT COUNT(*) FROM product")) == 3
            assert connection.scalar(text("SELECT COUNT(*) FROM users")) == 1
    finally:
        engine.dispose()


def test_catalogues_are_compiled_when_missing_or_older(tmp_path: pathlib.Path) -> None:
    messages = tmp_path / "de" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "messages.po").write_text(PO)
    compile_catalogues(tmp_path)
    mo = messages / "messages.mo"
    assert b"Warenkorb" in mo.read_bytes()
    # Up to date: left alone.
    os.utime(mo, (1, 2_000_000_000))
    compile_catalogues(tmp_path)
    assert mo.stat().st_mtime == 2_000_000_000
    # The .po changed after: compiled again.
    (messages / "messages.po").write_text(PO.replace("Warenkorb", "Einkaufswagen"))
    os.utime(mo, (1, 1))
    compile_catalogues(tmp_path)
    assert b"Einkaufswagen" in mo.read_bytes()
    assert sorted(path.name for path in messages.iterdir()) == ["messages.mo", "messages.po"]
