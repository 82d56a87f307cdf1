"""The Celery battery in eager mode, under both protocols: the Celery application made from
the configuration, tasks inside the application with its providers, and sending after the
request's database commit."""

from __future__ import annotations

import logging
import typing as t
from pathlib import Path

import pytest
from celery import Celery
from sqlalchemy import select
from sqlalchemy.orm import Session

from demijohn import Demijohn, abort, current_app, request
from demijohn.celery import celery_of, create_celery, send_after_commit, task
from demijohn.db import Database
from demijohn.providers import Provider, Providers
from demijohn.testing import DemijohnClient

from .models import Model, Order, Receipt

# Tasks are made with shared=False: each test makes a Celery application of its own, and a
# shared task would be added to every later one.


class Greeting(str):
    """A value the application provides; the task asks for it by type."""


@pytest.fixture
def app(app: Demijohn, tmp_path: Path) -> t.Iterator[Demijohn]:
    app.config.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'shop.sqlite'}",
        CELERY_TASK_ALWAYS_EAGER=True,
        CELERY={"broker_url": "memory://", "result_backend": "cache+memory://"},
    )
    db = Database(app, Model)
    db.create_all()
    Providers.of(app).add(Provider(lambda: Greeting("hello from the app"), provides=Greeting))
    yield app
    db.close()


@pytest.fixture
def celery(app: Demijohn) -> Celery:
    celery = create_celery(app)

    @celery.task(name="write_receipt", shared=False)
    def write_receipt(item: str, session: Session) -> str:
        # Its own session: it sees only what the request committed.
        order = session.scalars(select(Order).where(Order.item == item)).one()
        session.add(Receipt(item=order.item))
        return order.item

    @app.post("/orders/<item>")
    def order(item: str, session: Session) -> str:
        session.add(Order(item=item))
        write_receipt.enqueue(item)
        return "ordered"

    return celery


@pytest.fixture
def noted(celery: Celery) -> tuple[t.Any, list[str]]:
    """A task that records the values it is sent, and the list it records them in."""
    seen: list[str] = []

    @celery.task(shared=False)
    def note(value: str) -> None:
        seen.append(value)

    return note, seen


def _receipts(app: Demijohn) -> list[str]:
    with Database.of(app).session() as session:
        return list(session.scalars(select(Receipt.item)))


def test_the_celery_application_is_made_from_the_configuration(app: Demijohn) -> None:
    app.config.update(CELERY_BROKER_URL="redis://broker:6379/1", CELERY_RESULT_BACKEND=None)
    celery = create_celery(app, name="shop")
    assert celery.main == "shop"
    assert celery.conf.broker_url == "redis://broker:6379/1"
    assert celery.conf.result_backend == "cache+memory://"
    assert celery.conf.task_always_eager is True
    assert celery.conf.task_eager_propagates is True
    assert celery_of(app) is celery


def test_without_a_celery_application_the_error_says_how_to_make_one() -> None:
    with pytest.raises(LookupError, match="create_celery"):
        celery_of(Demijohn("plain"))


def test_a_task_runs_in_the_application_with_its_providers(app: Demijohn, celery: Celery) -> None:
    @celery.task(shared=False)
    def about(greeting: Greeting) -> list[str]:
        return [current_app.name, greeting]

    assert about.delay().get() == [app.name, "hello from the app"]


def test_a_task_sent_from_a_request_runs_after_the_commit(
    app: Demijohn, celery: Celery, client: DemijohnClient
) -> None:
    assert client.post("/orders/jam").text == "ordered"
    assert _receipts(app) == ["jam"]


def test_a_failed_request_sends_nothing(
    app: Demijohn, celery: Celery, client: DemijohnClient
) -> None:
    @app.post("/broken/<item>")
    def broken(item: str, session: Session) -> str:
        session.add(Order(item=item))
        celery.tasks["write_receipt"].enqueue(item)
        abort(409)

    assert client.post("/broken/jam").status_code == 409
    assert _receipts(app) == []


def test_a_commit_that_fails_sends_nothing(
    app: Demijohn, celery: Celery, client: DemijohnClient, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False  # the failed commit becomes a 500
    client.post("/orders/jam")
    # The second order breaks the unique item: the request's commit fails.
    with caplog.at_level(logging.ERROR):
        assert client.post("/orders/jam").status_code == 500
    assert _receipts(app) == ["jam"]


def test_tasks_added_after_a_rollback_are_still_sent(
    app: Demijohn, celery: Celery, client: DemijohnClient
) -> None:
    @app.post("/retry/<item>")
    def retry(item: str, session: Session) -> str:
        session.add(Order(item="abandoned"))
        celery.tasks["write_receipt"].enqueue("abandoned")
        session.flush()
        session.rollback()
        session.add(Order(item=item))
        celery.tasks["write_receipt"].enqueue(item)
        return "ok"

    assert client.post("/retry/tea").text == "ok"
    assert _receipts(app) == ["tea"]


def test_a_view_without_the_database_sends_when_it_succeeds(
    app: Demijohn, noted: tuple[t.Any, list[str]], client: DemijohnClient
) -> None:
    note, seen = noted

    @app.get("/note")
    def add_note() -> str:
        note.enqueue("read-only")
        assert seen == []  # not before the response is made
        return "ok"

    assert client.get("/note").text == "ok"
    assert seen == ["read-only"]


def test_a_task_sent_after_commit_under_asgi_makes_no_environ(
    app: Demijohn, noted: tuple[t.Any, list[str]]
) -> None:
    note, seen = noted

    @app.get("/note")
    def add_note() -> str:
        note.enqueue("kept")
        return str(request.has_environ)

    assert app.test_client(protocol="asgi").get("/note").text == "False"
    assert seen == ["kept"]


def test_outside_a_request_a_task_is_sent_at_once(noted: tuple[t.Any, list[str]]) -> None:
    note, seen = noted

    send_after_commit(note.s("now"))
    assert seen == ["now"]


def test_a_broker_that_is_down_leaves_the_committed_request_alone_and_says_what_to_check(
    app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
) -> None:
    app.config.update(CELERY_TASK_ALWAYS_EAGER=False)
    celery = create_celery(app)
    celery.conf.update(broker_url="memory://", task_publish_retry=False)

    @celery.task(shared=False)
    def note(value: str) -> None:
        raise AssertionError("never runs: the broker is down")

    def refuse(*args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise ConnectionError("Connection refused")

    celery.send_task = refuse  # what Celery raises when the broker does not answer

    @app.get("/note")
    def add_note() -> str:
        note.enqueue("lost")
        return "ok"

    with caplog.at_level(logging.ERROR, "demijohn.celery"):
        assert client.get("/note").text == "ok"
    assert "check that the broker (CELERY_BROKER_URL) is running" in caplog.text


def test_the_typed_decorator_makes_an_ordinary_task_of_the_application(
    app: Demijohn, celery: Celery
) -> None:
    @task(celery, name="typed.about", shared=False)
    def about(greeting: Greeting) -> str:
        return f"{current_app.name}: {greeting}"

    assert about.name in celery.tasks
    assert about.delay().get() == f"{app.name}: hello from the app"
