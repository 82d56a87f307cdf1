"""``make test-new``: projects made by ``demijohn new`` pass their own checks, as a user runs them.

demijohn's wheel is built once, from a copy of the sources. Then a project with every battery
and one with none are made, and in each, from its own folder and with its own Makefile (which
installs the versions its ``constraints.txt`` pins, against that wheel): ``make test`` (lint,
types, and the tests over WSGI and ASGI, which must report no warning), ``make check``, and
``make run`` until the front page answers 200; then ``demijohn new module notes`` (the
project's own ``demijohn``, from the wheel) and ``make test`` again.

Needs the package index or pip's cache for the projects' environments. Run it with the Python
of demijohn's development environment: ``.venv/bin/python tests/scaffolding/end_to_end.py``.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).parents[2]
#: What building the wheel needs of the repository.
SOURCES = ("src", "pyproject.toml", "README.md", "LICENSE", "MANIFEST.in")
#: The projects: a name and the flags of ``demijohn new``.
PROJECTS = (
    ("full-site", ()),
    ("bare-site", ("--no-db", "--no-i18n", "--no-api", "--no-production")),
)
#: Guards against a hung command; none of these is a measure of speed.
TIMEOUT = 600
SERVE_TIMEOUT = 60
#: pytest's last line, and what it says when a test warned.
SUMMARY = re.compile(r"^\d+ passed\b.* in [\d.]+s")
WARNED = re.compile(r"\b\d+ warnings?\b")


def environment() -> dict[str, str]:
    """This environment without what would leak into the projects' make: the calling make's
    flags and variables, and this virtual environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "VIRTUAL_ENV"}
        and not key.endswith("_ENVIRONMENT")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run(command: list[str], cwd: pathlib.Path) -> str:
    """Run ``command`` and return its output; fail with that output if it fails."""
    print(f"$ (cd {cwd.name} && {' '.join(command)})", flush=True)
    result = subprocess.run(
        command,
        cwd=cwd,
        env=environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd} (exit {result.returncode}):\n{output}")
    return output


def build_wheel(folder: pathlib.Path) -> pathlib.Path:
    """demijohn's wheel, built from a copy (a build writes into the folder it builds)."""
    copy = folder / "demijohn-source"
    copy.mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    dist = folder / "dist"
    run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(dist), "."], copy)
    (wheel,) = dist.glob("demijohn-*.whl")
    return wheel


def make_test(project: pathlib.Path, wheel: pathlib.Path) -> None:
    output = run(["make", "test", f"DEMIJOHN={wheel}"], project)
    summaries = [line for line in output.splitlines() if SUMMARY.match(line)]
    if not summaries:
        sys.exit(f"make test in {project} ran no tests:\n{output}")
    print(f"  {summaries[-1]}", flush=True)
    if WARNED.search(summaries[-1]) or "warnings summary" in output:
        sys.exit(f"make test in {project} passed with warnings:\n{output}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def answers_200(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except OSError:  # refused, reset or timed out (URLError is one too): not serving yet
        return False


def serve(project: pathlib.Path, wheel: pathlib.Path) -> None:
    """``make run`` until the front page answers 200, then stop it (its process group)."""
    port = free_port()
    print(f"$ (cd {project.name} && make run PORT={port})", flush=True)
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}", f"DEMIJOHN={wheel}"],
        cwd=project,
        env=environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + SERVE_TIMEOUT
        while not answers_200(f"http://127.0.0.1:{port}/"):
            if server.poll() is not None or time.monotonic() > deadline:
                output = server.stdout.read() if server.stdout else ""
                sys.exit(f"make run in {project} never answered 200:\n{output}")
            time.sleep(0.5)
        print("  200 from /", flush=True)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        if server.stdout:
            server.stdout.close()


def check_project(
    folder: pathlib.Path, wheel: pathlib.Path, name: str, flags: tuple[str, ...]
) -> None:
    demijohn = pathlib.Path(sys.executable).with_name("demijohn")
    run([str(demijohn), "new", name, *flags], folder)
    project = folder / name
    make_test(project, wheel)
    output = run(["make", "check", f"DEMIJOHN={wheel}"], project)
    if "No problems found" not in output:
        sys.exit(f"demijohn check in {project} said:\n{output}")
    serve(project, wheel)
    run([str(project / ".venv" / "bin" / "demijohn"), "new", "module", "notes"], project)
    make_test(project, wheel)


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="demijohn-new-") as temporary:
        folder = pathlib.Path(temporary)
        wheel = build_wheel(folder)
        for name, flags in PROJECTS:
            check_project(folder, wheel, name, flags)
    print(f"demijohn new: both projects passed ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
