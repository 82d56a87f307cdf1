"""The outside programs the harness needs (valgrind, wrk), installed from Debian's packages when
they are missing and the harness runs as root."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess

logger = logging.getLogger(__name__)

#: The Debian package that provides each program.
PACKAGES = {"valgrind": "valgrind", "wrk": "wrk"}


def _apt_get(*arguments: str) -> bool:
    command = ["apt-get", *arguments]
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    completed = subprocess.run(command, capture_output=True, text=True, env=environment)
    if completed.returncode != 0:
        logger.info("%s failed: %s", " ".join(command), completed.stderr[-500:])
    return completed.returncode == 0


def ensure_tool(program: str) -> str | None:
    """The path of ``program``, installing its Debian package first if it is missing and this
    process may (root, with ``apt-get``); ``None`` when it cannot be had."""
    path = shutil.which(program)
    if path is not None:
        return path
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        logger.warning(
            "%s is not installed, and this is not a root shell with apt-get: install the %r"
            " package to measure with it.",
            program,
            PACKAGES[program],
        )
        return None
    logger.warning("Installing %s with apt-get.", PACKAGES[program])
    package = PACKAGES[program]
    if not _apt_get("install", "-y", "-q", package):
        # A fresh machine may have no package lists yet.
        _apt_get("update", "-q")
        _apt_get("install", "-y", "-q", package)
    return shutil.which(program)


def tool_version(program: str) -> str:
    """The first line ``program`` prints about its version, or ``""``."""
    flag = "-v" if program == "wrk" else "--version"
    completed = subprocess.run([program, flag], capture_output=True, text=True, check=False)
    lines = (completed.stdout + completed.stderr).strip().splitlines()
    return lines[0].partition(" Copyright")[0] if lines else ""
