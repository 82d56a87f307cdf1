"""The Celery battery with a real broker and a real worker: a redis-server and a
``celery worker`` process, both started by the test on free local ports and stopped after
it; every wait has a deadline."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import typing as t
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.redis_server import running_redis

#: How long the worker may take to start and run a task.
DEADLINE = 60.0
ROOT = Path(__file__).parents[2]


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[dict[str, str]]:
    with running_redis() as url:
        base = url.rpartition("/")[0]
        values = {
            "SHOP_DATABASE_URL": f"sqlite:///{tmp_path / 'shop.sqlite'}",
            "SHOP_BROKER_URL": f"{base}/1",
            "SHOP_RESULT_BACKEND": f"{base}/2",
        }
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        yield values


@pytest.fixture
def worker(environment: dict[str, str], tmp_path: Path) -> t.Iterator[subprocess.Popen[bytes]]:
    log = tmp_path / "worker.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.celery.worker_app:celery",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env={**os.environ, **environment, "PYTHONPATH": str(ROOT)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.returncode not in (0, -15):
            print(log.read_text())


def test_a_real_worker_runs_the_task_a_request_sent_after_its_commit(
    worker: subprocess.Popen[bytes], protocol: str
) -> None:
    from tests.celery.models import Receipt
    from tests.celery.worker_app import make_app

    app, db, celery = make_app()
    app.config["TESTING"] = True
    db.create_all()
    client = app.test_client(protocol=protocol)
    assert client.post("/orders/marmalade").text == "ordered"

    deadline = time.monotonic() + DEADLINE
    receipts: list[str] = []
    while not receipts and time.monotonic() < deadline and worker.poll() is None:
        with db.session() as session:
            receipts = list(session.scalars(select(Receipt.item)))
        time.sleep(0.1)
    db.close()
    celery.close()
    assert receipts, "the worker did not write the receipt in time (its log is printed)"
    [receipt] = receipts
    assert receipt.startswith("marmalade by worker_app in pid ")
    assert receipt != f"marmalade by worker_app in pid {os.getpid()}"
