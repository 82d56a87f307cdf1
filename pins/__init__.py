"""Pinned environments: every virtual environment the checks build installs from a lock here.

An environment has an *input*, the requirements as ranges, kept where the environment is
defined (``pyproject.toml`` for the project's own, ``compat/run_extension_suites.py`` for each
extension's suite, ``compat/check_behaviour.py`` for the real Flask, ``benchmarks/harness/
targets.py`` for the peers), and a *lock*, ``pins/<name>.txt``: every distribution it needs at
one version, with the hashes of its files, as uv resolved it from the input. The lock's first
lines record a fingerprint of the input, so an input changed without a refresh is refused
before anything installs, with the command that fixes it:

    make lock        # python -m pins.refresh: resolve every input again, rewrite the locks

A refresh is an ordinary commit: its CI run shows whether the new versions pass.

Standard library only: the Makefile runs it with the Python that makes the first venv.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import tomllib
import typing as t
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINS = ROOT / "pins"
#: Locks are resolved for every Python the package supports, from this one up.
PYTHON_FLOOR = "3.11"
#: The command that rewrites the locks, named in every message about a stale one.
REFRESH = "make lock"
_FINGERPRINT = "# input fingerprint: "


class StaleLock(RuntimeError):
    """A lock is missing or was resolved from another input than the environment's own."""


class InstallFailed(RuntimeError):
    """pip could not install an environment from its lock; the message has pip's output."""


@dataclasses.dataclass(frozen=True)
class Environment:
    """One environment and what goes into it.

    :param name: the lock's path under ``pins/`` without ``.txt``: ``dev``, ``compat/blog``.
    :param requirements: what is installed, as ranges (PEP 508 lines).
    :param project: demijohn's own runtime dependencies (and the build backend, so that the
        checkout installs editable without fetching anything) go in too; demijohn itself is
        installed from the checkout, without dependencies, after the lock.
    :param no_deps: exact pins installed without their dependencies (Flask extensions, which
        would pull in the real Flask); they get a lock of their own, ``<name>.nodeps.txt``.
    :param sources: exact pins whose source distributions are downloaded and never installed
        (the Flask suite takes its tests from Flask's sdist, while the layer stands in for the
        package); they get a lock of their own, ``<name>.sources.txt``, which holds the hash a
        download is checked against.
    :param lowest: resolve demijohn's direct dependencies to the lowest versions their ranges
        allow (everything in ``requirements`` should then be pinned with ``==``).
    :param within: another environment whose locked versions this one must keep, so that
        both can be installed into one venv (``run`` is within ``dev``).
    """

    name: str
    requirements: tuple[str, ...] = ()
    project: bool = False
    no_deps: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    lowest: bool = False
    within: Environment | None = None

    @property
    def lock(self) -> Path:
        return PINS / f"{self.name}.txt"

    @property
    def nodeps_lock(self) -> Path:
        return PINS / f"{self.name}.nodeps.txt"

    @property
    def sources_lock(self) -> Path:
        return PINS / f"{self.name}.sources.txt"

    def locks(self) -> list[Path]:
        """Every lock the environment has: the main one, then those of ``no_deps`` and
        ``sources`` when it has them."""
        extra = [(self.no_deps, self.nodeps_lock), (self.sources, self.sources_lock)]
        return [self.lock, *(lock for pinned, lock in extra if pinned)]

    def inputs(self) -> list[str]:
        """Every requirement line the lock is resolved from."""
        lines = list(self.requirements)
        if self.project:
            lines = [*project_dependencies(), *build_requirements(), *lines]
        return lines

    def fingerprint(self) -> str:
        data: dict[str, t.Any] = {
            "inputs": self.inputs(),
            "no_deps": list(self.no_deps),
            "lowest": self.lowest,
            "python": PYTHON_FLOOR,
        }
        if self.sources:
            # Only when there are any, so that the other environments' locks stay current.
            data["sources"] = list(self.sources)
        if self.within is not None and self.within.lock.is_file():
            data["within"] = hashlib.sha256(self.within.lock.read_bytes()).hexdigest()
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _pyproject() -> dict[str, t.Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def project_dependencies(*extras: str) -> list[str]:
    """demijohn's runtime dependencies from ``pyproject.toml``, with those of ``extras``."""
    project = _pyproject()["project"]
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    return lines


def build_requirements() -> list[str]:
    """What builds demijohn (``[build-system] requires``)."""
    return list(_pyproject()["build-system"]["requires"])


def recorded_fingerprint(lock: Path) -> str | None:
    """The fingerprint written in ``lock``, or None if there is no lock or none in it."""
    if not lock.is_file():
        return None
    with lock.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith(_FINGERPRINT):
                return line[len(_FINGERPRINT) :].strip()
            if not line.startswith("#"):
                break
    return None


def check(env: Environment) -> None:
    """Refuse an environment whose lock is missing or not resolved from its input.

    :raises StaleLock: with what to run.
    """
    wanted = env.fingerprint()
    for lock in env.locks():
        found = recorded_fingerprint(lock)
        if found != wanted:
            why = "is missing" if found is None else "was resolved from another input"
            raise StaleLock(
                f"{lock.relative_to(ROOT)} {why}: the requirements of the {env.name!r}"
                f" environment changed since the locks were written. Run `{REFRESH}` and"
                " commit the locks it writes."
            )


def install(env: Environment, python: Path, *, editable: Path | None = None) -> None:
    """Install ``env``'s locked distributions into the venv of ``python``.

    Every file pip installs must match a hash in the lock (``--require-hashes``), so a
    release published after the lock was written never gets in. With ``editable``, that
    checkout is then installed editable, without dependencies and without build isolation
    (its build backend is in the lock).

    :raises StaleLock: the lock does not match the environment's input.
    :raises InstallFailed: pip failed.
    """
    check(env)
    steps = [["--require-hashes", "-r", str(env.lock)]]
    if env.no_deps:
        steps.append(["--require-hashes", "--no-deps", "-r", str(env.nodeps_lock)])
    if editable is not None:
        steps.append(["--no-deps", "--no-build-isolation", "-e", str(editable)])
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q", "install"]
    for step in steps:
        done = subprocess.run([*pip, *step], capture_output=True, text=True)
        if done.returncode != 0:
            raise InstallFailed(
                f"pip install {' '.join(step)} failed in the {env.name!r} environment:\n"
                f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )


def _compile(requirements: t.Sequence[str], out: Path, *options: str) -> None:
    """Resolve ``requirements`` with uv into ``out`` (without a header: the caller writes it)."""
    command = [sys.executable, "-m", "uv", "pip", "compile", "-", "--quiet", "--no-header"]
    command += ["--universal", "--python-version", PYTHON_FLOOR, "--generate-hashes"]
    command += ["--output-file", str(out), *options]
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(command, input="\n".join(requirements) + "\n", text=True, check=True, cwd=ROOT)


def write_lock(env: Environment, keep: bool = False) -> None:
    """Resolve ``env``'s input again and rewrite its lock (and its no-deps lock).

    :param keep: keep the versions the lock pins now wherever the input still allows them
        (to add or change one requirement without upgrading the rest); by default every
        package is resolved afresh, to the newest versions the input allows. The lowest
        versions' lock is always resolved afresh.
    """
    header = (
        f"# The {env.name!r} environment, resolved by uv for Python >= {PYTHON_FLOOR}."
        f" Do not edit: `{REFRESH}` rewrites it.\n{_FINGERPRINT}{env.fingerprint()}\n"
    )
    targets: list[tuple[Path, list[str], tuple[str, ...]]] = []
    options: tuple[str, ...] = ("--resolution", "lowest-direct") if env.lowest else ()
    if env.lowest or not keep:
        # uv otherwise prefers the versions of the lock it rewrites.
        options += ("--upgrade",)
    with tempfile.TemporaryDirectory() as scratch:
        if env.within is not None:
            constraints = Path(scratch) / "constraints.txt"
            pins = pinned_versions(env.within)
            constraints.write_text("".join(f"{n}=={v}\n" for n, v in pins.items()))
            options += ("--constraint", str(constraints))
        targets.append((env.lock, env.inputs(), options))
        if env.no_deps:
            targets.append((env.nodeps_lock, list(env.no_deps), ("--no-deps",)))
        if env.sources:
            targets.append((env.sources_lock, list(env.sources), ("--no-deps",)))
        for lock, requirements, extra in targets:
            _compile(requirements, lock, *extra)
            text = lock.read_text(encoding="utf-8")
            if env.within is not None:
                # Name the lock the versions come from, not the scratch file that held them,
                # so that a refresh that changes nothing rewrites nothing.
                text = text.replace(str(constraints), str(env.within.lock.relative_to(ROOT)))
            lock.write_text(header + text, encoding="utf-8")


def pinned_versions(env: Environment) -> dict[str, str]:
    """``{normalised name: version}`` of what ``env``'s lock pins."""
    versions: dict[str, str] = {}
    for line in env.lock.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#") and "==" in line:
            name, _, rest = line.partition("==")
            versions[normalise(name)] = rest.split()[0].rstrip("\\").split(";")[0].strip()
    return versions


def locked_entry(lock: Path, name: str) -> str:
    """The entry of the distribution ``name`` in ``lock``, with its hashes, as a requirements
    file line that ``pip download --require-hashes`` accepts.

    :raises StaleLock: ``lock`` does not pin ``name``.
    """
    wanted = normalise(name)
    entry: list[str] = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        if entry and line.startswith(" ") and line.strip().startswith("--hash="):
            entry.append(line.strip().rstrip("\\").strip())
        elif entry:
            break
        elif line and line[0].isalnum() and normalise(line.partition("==")[0]) == wanted:
            entry.append(line.rstrip("\\").strip())
    if not entry:
        raise StaleLock(
            f"{lock.relative_to(ROOT)} pins no {name!r}. Run `{REFRESH}` and commit the locks"
            " it writes."
        )
    return " ".join(entry)


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()
