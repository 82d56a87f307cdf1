"""Health endpoints for load balancers and orchestrators: ``/healthz`` answers while the
process serves (liveness), ``/readyz`` runs the readiness checks that the application and
batteries registered (a database ping, a cache ping), each with a timeout, and answers 503
when one fails or does not answer in time.

The checks run concurrently in a small thread pool (off the event loop under ASGI); the
response names each check and whether it passed, never the error's text, which is logged.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import logging
import threading
import time
import typing as t

from demijohn import Blueprint
from demijohn.calling import run_blocking

__all__ = ["HEALTH_ENDPOINTS", "Readiness", "ReadinessCheck"]

logger = logging.getLogger(__name__)

#: The endpoints of the health routes (left out of the access log).
HEALTH_ENDPOINTS = frozenset({"production.healthz", "production.readyz"})


@dataclasses.dataclass(frozen=True)
class ReadinessCheck:
    """One readiness check: ``func()`` returns (anything) when ready, raises when not.

    :param name: the name shown in ``/readyz``.
    :param func: the check.
    :param timeout: seconds it may take.
    """

    name: str
    func: t.Callable[[], t.Any]
    timeout: float


class Readiness:
    """The readiness checks, and the pool they run in (made on first use)."""

    def __init__(self) -> None:
        self.checks: list[ReadinessCheck] = []
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def add(self, name: str, func: t.Callable[[], t.Any], timeout: float) -> None:
        if any(check.name == name for check in self.checks):
            raise ValueError(
                f"A readiness check named {name!r} is registered already; give each its own"
                " name, since /readyz reports them by name."
            )
        if timeout <= 0:
            raise ValueError(f"The timeout of the readiness check {name!r} must be positive.")
        self.checks.append(ReadinessCheck(name, func, timeout))

    def _executor(self) -> concurrent.futures.ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(
                    max_workers=min(8, max(1, len(self.checks))),
                    thread_name_prefix="demijohn-readyz",
                )
            return self._pool

    def run(self) -> dict[str, bool]:
        """Run every check; each name with whether it passed in time."""
        if not self.checks:
            return {}
        pool = self._executor()
        started = time.monotonic()
        futures = [(check, pool.submit(_timed, check.func, started)) for check in self.checks]
        # Each check is waited for until its own deadline, the shortest first, so that the
        # answer comes once every check has answered or run out of time.
        for check, future in sorted(futures, key=lambda pair: pair[0].timeout):
            remaining = started + check.timeout - time.monotonic()
            if remaining > 0 and not future.done():
                run_blocking(concurrent.futures.wait, [future], timeout=remaining)
        return {check.name: _passed(check, future) for check, future in futures}

    def close(self) -> None:
        """Stop the pool (when the application stops serving)."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


def _timed(func: t.Callable[[], t.Any], started: float) -> float:
    """Run a check; how long after ``started`` it returned."""
    func()
    return time.monotonic() - started


def _passed(check: ReadinessCheck, future: concurrent.futures.Future[float]) -> bool:
    if future.done():
        error = future.exception()
        if error is not None:
            logger.warning("Readiness check %r failed", check.name, exc_info=error)
            return False
        if future.result() <= check.timeout:
            return True
    logger.warning("Readiness check %r did not answer within %ss", check.name, check.timeout)
    return False


def create_blueprint(readiness: Readiness, liveness: str, readiness_path: str) -> Blueprint:
    """The blueprint of the two health routes."""
    blueprint = Blueprint("production", __name__)

    def healthz() -> tuple[dict[str, t.Any], int]:
        return {"status": "ok"}, 200

    def readyz() -> tuple[dict[str, t.Any], int]:
        results = readiness.run()
        ready = all(results.values())
        body = {"status": "ok" if ready else "unavailable", "checks": results}
        return body, 200 if ready else 503

    blueprint.add_url_rule(liveness, "healthz", healthz)
    blueprint.add_url_rule(readiness_path, "readyz", readyz)
    return blueprint
