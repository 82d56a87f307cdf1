"""An application that writes and reads through demijohn.db's sessions, sync and async, and
whose ``/pool`` tells how many connections each engine's pool has handed out and not got
back in this worker: after any number of requests, none.

The database is ``$DJSERVER_DATABASE_URL``, its table made when the module is imported.
"""

from __future__ import annotations

import os
import threading
import typing as t

import sqlalchemy as sa
from sqlalchemy import MetaData, String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from demijohn import Demijohn, abort
from demijohn.db import NAMING_CONVENTION, Database


class Model(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Visit(Model):
    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)


app = Demijohn(__name__)
app.config["DATABASE_URL"] = os.environ["DJSERVER_DATABASE_URL"]
app.config["DATABASE_ENGINE_OPTIONS"] = {"pool_size": 2, "max_overflow": 2, "pool_timeout": 10}
db = Database(app, Model)
db.create_all()

_lock = threading.Lock()
#: Connections handed out and not returned, by engine.
_held = {"sync": 0, "async": 0}


def _count(kind: str, change: int) -> t.Callable[..., None]:
    def count(*args: t.Any) -> None:
        with _lock:
            _held[kind] += change

    return count


sa.event.listen(db.engine, "checkout", _count("sync", 1))
sa.event.listen(db.engine, "checkin", _count("sync", -1))
_bind = db.binds["default"]
for _engine in (_bind.async_engine, _bind.unpooled_async_engine):
    sa.event.listen(_engine.sync_engine, "checkout", _count("async", 1))
    sa.event.listen(_engine.sync_engine, "checkin", _count("async", -1))


@app.post("/sync/<key>")
def write_sync(key: str, session: Session) -> str:
    session.add(Visit(key=key))
    if key.startswith("refused"):
        abort(422)
    return "ok"


@app.post("/async/<key>")
async def write_async(key: str, session: AsyncSession) -> str:
    session.add(Visit(key=key))
    if key.startswith("refused"):
        abort(422)
    return "ok"


@app.get("/count")
def count(session: Session) -> dict[str, int]:
    return {"visits": session.scalar(sa.select(sa.func.count()).select_from(Visit)) or 0}


@app.get("/pool")
def pool() -> dict[str, int]:
    with _lock:
        return dict(_held)
