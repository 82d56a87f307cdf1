"""What a fresh checkout needs before it serves, done when the application is made: the
database brought to the newest migration, the sample products and the demo user added to an
empty one, and the translation catalogues compiled (the ``.mo`` files are made from the
``.po`` files kept in version control, as ``demijohn i18n compile`` makes them).

Each step does nothing when there is nothing to do, so a restart costs a few file checks.
"""

from __future__ import annotations

import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import select
from sqlalchemy.orm import Session

from demijohn import Demijohn
from demijohn.db import Database

from .accounts.models import User
from .catalog.models import Product
from .db import DEMO_USER, SEED, upgrade

logger = logging.getLogger(__name__)


def prepare(app: Demijohn, db: Database) -> None:
    """Migrate and seed the database, and compile the catalogues, when they need it."""
    compile_catalogues(Path(app.root_path, "translations"))
    with app.app_context():
        upgrade(db)
        with db.session() as session:
            seed(session)


def seed(session: Session) -> None:
    """Add the sample products and the demo user to an empty database."""
    if session.scalar(select(Product.id).limit(1)) is None:
        session.add_all(Product(name=name, price_cents=price) for name, price in SEED)
        logger.info("Added %d sample products", len(SEED))
    if session.scalar(select(User.id).limit(1)) is None:
        session.add(User(username=DEMO_USER[0], password_hash=DEMO_USER[1]))


def compile_catalogues(folder: Path) -> None:
    """Compile each ``.po`` file under ``folder`` that has no ``.mo`` file, or an older one."""
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as file:
            catalogue = read_po(file, locale=po.parts[-3])
        # Written next to it and renamed, so that a worker starting at the same time never
        # reads half a file.
        partial = mo.with_suffix(f".mo.{id(catalogue)}")
        with partial.open("wb") as file:
            write_mo(file, catalogue)
        partial.replace(mo)
        logger.info("Compiled %s", mo)
