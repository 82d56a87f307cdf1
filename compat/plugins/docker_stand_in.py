"""A stand-in for pytest-docker's ``docker_services`` fixture, for extension suites whose
conftest starts their servers with Docker Compose (Flask-Limiter's).

The suite runner starts the same servers itself, as the machine's own programs, on the ports
the suite's compose file publishes (the ``services`` of the extension in
``run_extension_suites.py``), and names them in ``DEMIJOHN_COMPAT_SERVICES``. Starting one of
those is then nothing to do, and waiting for it neither: the runner waited until its port
accepted connections. A test that asks for a service the runner did not start fails, saying
which.
"""

from __future__ import annotations

import os
import typing as t

import pytest


class DockerServices:
    """What the suites call on pytest-docker's fixture: ``start`` and ``wait_for_service``."""

    def __init__(self, running: set[str]) -> None:
        self.running = running

    def start(self, *names: str) -> None:
        missing = sorted(set(names) - self.running)
        if missing:
            pytest.fail(
                f"the suite asked for {', '.join(missing)}, which the runner does not start"
                f" (it starts {', '.join(sorted(self.running)) or 'none'}): add a Service for"
                " it to the extension in compat/run_extension_suites.py",
                pytrace=False,
            )

    def wait_for_service(self, name: str, *args: t.Any, **kwargs: t.Any) -> None:
        self.start(name)


@pytest.fixture(scope="session")
def docker_services() -> DockerServices:
    names = os.environ.get("DEMIJOHN_COMPAT_SERVICES", "")
    return DockerServices({name for name in names.split(",") if name})
