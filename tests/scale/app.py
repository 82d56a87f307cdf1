"""The small shop of the whole-system test (``make scale-test``): a user logs in (server-side
session in Redis), adds notes (PostgreSQL), and runs a job on the Celery worker, sent after
the commit; every response says which host served it (``X-Served-By``).

Configured from the environment the test's orchestrator sets: ``SCALE_HOST``,
``SCALE_DATABASE_URL``, ``SCALE_REDIS_URL``.
"""

from __future__ import annotations

import os
import socket
import typing as t

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from demijohn import Demijohn, abort, flash, get_flashed_messages, request, session
from demijohn.celery import create_celery, task
from demijohn.db import Database
from demijohn.server_sessions import RedisStore, ServerSessions, regenerate_session

if t.TYPE_CHECKING:
    from demijohn import Response

HOST = os.environ.get("SCALE_HOST", socket.gethostname())
REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379")


class Model(DeclarativeBase):
    pass


class Note(Model):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user: Mapped[str] = mapped_column(String(40), index=True)
    text: Mapped[str] = mapped_column(String(200))


class Job(Model):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    user: Mapped[str] = mapped_column(String(40))
    number: Mapped[int]
    result: Mapped[int | None]
    ran_on: Mapped[str | None] = mapped_column(String(40))
    note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"))


app = Demijohn(__name__)
app.config.update(
    SECRET_KEY=os.environ.get("SCALE_SECRET_KEY", "the same long secret key on every host of it"),
    DATABASE_URL=os.environ.get("SCALE_DATABASE_URL", "sqlite://"),
    DATABASE_ENGINE_OPTIONS={"pool_size": 3, "max_overflow": 2, "pool_pre_ping": True},
    CELERY_BROKER_URL=f"{REDIS_URL}/1",
    CELERY_RESULT_BACKEND=f"{REDIS_URL}/2",
    CELERY={"broker_connection_retry_on_startup": True},
)
db = Database(app, Model)
ServerSessions(app, RedisStore(f"{REDIS_URL}/0"))
celery = create_celery(app)


@task(celery, name="scale.square_sum")
def square_sum(job_id: int, session: Session) -> int:
    job = session.get(Job, job_id)
    if job is None:  # never: the job is sent only after its row is committed
        raise LookupError(f"job {job_id} is not in the database")
    job.result = sum(n * n for n in range(job.number + 1))
    job.ran_on = HOST
    return job.result


def _user() -> str:
    user = session.get("user")
    if user is None:
        abort(401)
    return t.cast(str, user)


@app.after_request
def served_by(response: Response) -> Response:
    response.headers["X-Served-By"] = HOST
    return response


@app.get("/whoami")
def whoami() -> dict[str, t.Any]:
    return {"host": HOST, "user": session.get("user"), "flashes": get_flashed_messages()}


@app.post("/login/<name>")
def login(name: str) -> dict[str, str]:
    regenerate_session()
    session["user"] = name
    flash(f"welcome, {name}")
    return {"host": HOST}


@app.post("/notes")
def add_note(session_: Session) -> dict[str, t.Any]:
    note = Note(user=_user(), text=request.form["text"])
    session_.add(note)
    session_.flush()
    return {"id": note.id}


@app.get("/notes")
def notes(session_: Session) -> list[str]:
    query = select(Note.text).where(Note.user == _user()).order_by(Note.id)
    return list(session_.scalars(query))


@app.post("/jobs/<int:number>")
def start_job(number: int, session_: Session) -> dict[str, int]:
    job = Job(user=_user(), number=number)
    session_.add(job)
    session_.flush()
    square_sum.enqueue(job.id)
    return {"id": job.id}


@app.get("/jobs/<int:job_id>")
def job(job_id: int, session_: Session) -> dict[str, t.Any]:
    found = session_.get(Job, job_id)
    if found is None or found.user != _user():
        abort(404)
    return {"result": found.result, "ran_on": found.ran_on}


@app.post("/logout")
def logout() -> dict[str, str]:
    session.clear()
    return {"host": HOST}


@app.get("/bench/visit")
def bench_visit() -> dict[str, int]:
    # For `make scale-bench` only: a GET that reads and writes the session, so that every
    # request of the load makes a round trip to Redis each way.
    session["visits"] = session.get("visits", 0) + 1
    return {"visits": session["visits"]}
