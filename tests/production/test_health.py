"""Tests for demijohn.production.health: liveness, and readiness from registered checks."""

from __future__ import annotations

import threading

import pytest

from demijohn import Demijohn
from demijohn.production import Production
from demijohn.testing import DemijohnClient


def test_liveness(production: Production, client: DemijohnClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})


def test_ready_without_checks(production: Production, client: DemijohnClient) -> None:
    assert client.get("/readyz").json == {"status": "ok", "checks": {}}


def test_readiness_from_checks(production: Production, client: DemijohnClient) -> None:
    production.readiness_check("database", lambda: None)

    @production.readiness_check("cache", timeout=1.0)
    def cache() -> None:
        raise ConnectionError("no cache")

    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "checks": {"database": True, "cache": False}}
    assert b"no cache" not in response.data


def test_a_check_that_does_not_answer_in_time_fails(
    production: Production, client: DemijohnClient, caplog: pytest.LogCaptureFixture
) -> None:
    release = threading.Event()
    production.readiness_check("slow", release.wait, timeout=0.01)
    production.readiness_check("quick", lambda: None)
    try:
        response = client.get("/readyz")
    finally:
        release.set()
    assert response.status_code == 503
    assert response.json["checks"] == {"slow": False, "quick": True}
    assert "'slow' did not answer within 0.01s" in caplog.text


def test_checks_are_named_once_with_a_positive_timeout(production: Production) -> None:
    production.readiness_check("db", lambda: None)
    with pytest.raises(ValueError, match="named 'db' is registered already"):
        production.readiness_check("db", lambda: None)
    with pytest.raises(ValueError, match="must be positive"):
        production.readiness_check("other", lambda: None, timeout=0)


def test_routes_can_be_moved_or_left_out(app: Demijohn) -> None:
    Production(app, health_paths=("/live", "/ready"))
    client = app.test_client()
    assert client.get("/live").status_code == 200
    assert client.get("/healthz").status_code == 404
    other = Demijohn(__name__)
    other.testing = True
    Production(other, health=False)
    assert other.test_client().get("/healthz").status_code == 404


def test_pool_is_closed_when_serving_stops(
    app: Demijohn, production: Production, client: DemijohnClient
) -> None:
    threads: list[threading.Thread] = []
    production.readiness_check("db", lambda: threads.append(threading.current_thread()))
    assert client.get("/readyz").status_code == 200
    app.shutdown()
    threads[0].join(timeout=10)
    assert not threads[0].is_alive()
    app.startup()
    assert client.get("/readyz").status_code == 200
    assert threads[1] is not threads[0]
    assert threads[1].name.startswith("demijohn-readyz")
