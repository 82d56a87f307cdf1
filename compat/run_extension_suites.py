"""Run real Flask extensions' own test suites on demijohn, through the Flask compatibility layer.

For each extension: make a virtual environment under ``compat/.venvs/<name>/`` with demijohn
installed from this checkout, download the extension's source distribution (which carries its
tests) from PyPI, install the extension with ``--no-deps`` (so the real Flask is never
installed) plus its other dependencies, start the servers its suite talks to, and run its tests
with ``pytest --flask-compat`` twice: once as they are (WSGI) and once with
``--demijohn-protocol=asgi``, so every request the suite makes goes through the ASGI driver.

    python compat/run_extension_suites.py                    # every extension, both protocols
    python compat/run_extension_suites.py flask-login        # some of them
    python compat/run_extension_suites.py --protocol asgi    # one protocol
    python compat/run_extension_suites.py --list
    python compat/run_extension_suites.py --prepare blog     # set up only; prints its Python

Every environment installs from its lock, ``pins/compat/<name>.txt`` (and
``<name>.nodeps.txt`` for what goes in without dependencies), with the hash of every file
checked, so a new upstream release changes nothing until ``make lock`` is run and committed.
An environment is set up again only when its locks changed, so a second run costs only the
tests. Suites run
two at a time. Each outcome is compared with the failures documented in docs/compat.md (the
``known_failures`` below): the script exits non-zero when a suite has a failure that is not
known, cannot be set up, or when a known failure now passes (so the table gets updated).
A JSON summary is written to ``compat/.venvs/results.json``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import typing as t
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Run as a script: the repository's own packages (pins) must be importable.
    sys.path.insert(0, str(ROOT))
if str(ROOT / "compat") not in sys.path:
    # Imported by its path (pins.refresh, the tests): the expected failures beside it.
    sys.path.insert(0, str(ROOT / "compat"))

import pins  # noqa: E402  (after the path set-up above)
from suite_failures import (  # noqa: E402
    ADMIN_ONE_THREAD,
    FLASK_KNOWN_FAILURES,
    FLASKR_ONE_THREAD,
)

WORK = ROOT / "compat" / ".venvs"
PLUGINS = ROOT / "compat" / "plugins"
PROTOCOLS = ("wsgi", "asgi")


@dataclasses.dataclass(frozen=True)
class Service:
    """A server a suite needs, started before it runs and stopped after.

    :param command: the command line; it must stay in the foreground.
    :param port: the local port it listens on; the suite starts when it accepts connections.
    :param name: what the suite calls it, for a suite that asks for its servers by name
        (see ``compat/plugins/docker_stand_in.py``).
    """

    command: tuple[str, ...]
    port: int
    name: str = ""


@dataclasses.dataclass(frozen=True)
class Extension:
    """One extension and how to run its suite.

    :param requirement: the pinned release whose sdist is tested; with ``source``, only the
        name the report gives the suite.
    :param deps: what its tests and code need besides Flask (installed with dependencies).
    :param no_deps: packages that depend on Flask (other extensions), installed without
        their dependencies; what else they need goes in ``deps``.
    :param tests: the test paths inside the unpacked sdist, or, with ``source``, inside
        this repository.
    :param source: run tests kept in this repository instead of the sdist's: for an
        extension whose source distribution ships none, and for the example applications.
    :param pytest_args: extra pytest arguments.
    :param services: servers the suite expects to find running.
    :param unset: environment variables the suite runs without.
    :param plugins: pytest plugins of this repository's (modules in ``compat/plugins/``)
        the suite runs with.
    :param installed: whether the release is installed (from its wheel, without its
        dependencies). Flask's own suite sets it to False: the layer is what its tests test,
        so only the sdist is downloaded, for the tests, and its package is removed from it.
    :param type_check: paths in the sdist checked with ``mypy --strict`` (as one more run,
        "mypy"), with the stubs of the layer installed (stubs/flask): typed code written for
        Flask must type-check against demijohn's types. mypy must be in ``deps``.
    :param known_failures: test ids expected to fail over both protocols, each with its
        reason (docs/compat.md lists them all).
    :param known_failures_on: test ids expected to fail over one protocol only: the
        protocol's name mapped to ids and reasons.
    """

    requirement: str
    deps: tuple[str, ...] = ()
    no_deps: tuple[str, ...] = ()
    tests: tuple[str, ...] = ("tests",)
    pytest_args: tuple[str, ...] = ()
    services: tuple[Service, ...] = ()
    unset: tuple[str, ...] = ()
    plugins: tuple[str, ...] = ()
    source: bool = False
    installed: bool = True
    type_check: tuple[str, ...] = ()
    known_failures: dict[str, str] = dataclasses.field(default_factory=dict)
    known_failures_on: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)

    def environment(self, name: str) -> pins.Environment:
        """What the suite's venv is made of: demijohn's dependencies and ``deps`` in one lock;
        the extension (from a wheel; its sdist only supplies the tests) and ``no_deps`` in a
        second, installed without dependencies. A release that is not installed is locked
        in a third, for the hash its sdist is checked against."""
        released = () if self.source else (self.requirement,)
        installed, downloaded = (released, ()) if self.installed else ((), released)
        return pins.Environment(
            f"compat/{name}",
            self.deps,
            project=True,
            no_deps=(*installed, *self.no_deps),
            sources=downloaded,
        )

    def sdist_lock(self, name: str) -> Path:
        """The lock that pins the release whose sdist supplies the tests, with its hashes."""
        env = self.environment(name)
        return env.nodeps_lock if self.installed else env.sources_lock

    def expected_failures(self, protocol: str) -> dict[str, str]:
        """The test ids expected to fail over ``protocol`` (or, for "mypy", the errors
        expected of the type check), with their reasons."""
        both = self.known_failures if protocol in PROTOCOLS else {}
        return both | self.known_failures_on.get(protocol, {})


EXTENSIONS: dict[str, Extension] = {
    # Flask's own suite, from the sdist of the release whose API the layer provides; Flask
    # itself is never installed. Its test_cli imports _pytest.monkeypatch.notset, which
    # pytest 9.1 removed; asgiref and greenlet are its test dependencies, mypy is for its
    # typing checks.
    "flask": Extension(
        "Flask==3.1.3",
        deps=("pytest>=8,<9.1", "asgiref", "greenlet", "python-dotenv", "mypy>=1.10"),
        installed=False,
        # Flask's own typing checks, through demijohn-flask-stubs.
        type_check=("tests/type_check",),
        known_failures=FLASK_KNOWN_FAILURES,
    ),
    # The applications in the same sdist: the tutorial's blog (flaskr) and the JavaScript
    # example, each with its tests; their packages are imported from the unpacked sdist.
    "flask-examples": Extension(
        "Flask==3.1.3",
        deps=("pytest",),
        installed=False,
        tests=("examples/tutorial/tests", "examples/javascript/tests"),
        pytest_args=("-o", "pythonpath=examples/tutorial examples/javascript"),
        known_failures_on={"asgi": FLASKR_ONE_THREAD},
    ),
    "flask-login": Extension(
        "Flask-Login==0.6.3",
        deps=("pytest", "semantic-version", "asgiref"),
    ),
    "flask-cors": Extension("flask-cors==6.0.5", deps=("pytest",)),
    "flask-wtf": Extension(
        "Flask-WTF==1.3.0",
        deps=("pytest", "WTForms", "itsdangerous", "Babel", "pytz", "Jinja2"),
        no_deps=("Flask-Babel", "Flask-Reuploaded"),
    ),
    "flask-sqlalchemy": Extension(
        "Flask-SQLAlchemy==3.1.1",
        # 3.1.1 predates SQLAlchemy 2.1, whose dataclass checks its model base class fails.
        deps=("pytest", "SQLAlchemy>=2.0.16,<2.1", "blinker"),
        known_failures={
            f"tests.test_model_bind::test_explicit_table[{db}]": (
                "fails the same on Flask 3.1.3: recent SQLAlchemy 2.0 refuses a '__table__'"
                " on a dataclass model"
            )
            for db in ("db2", "db4")
        },
    ),
    # Its sdist ships no tests, so the suite is demijohn's own, in compat/suites/flask_babel/;
    # it also passes on the real Flask (python compat/check_behaviour.py).
    "flask-babel": Extension(
        "Flask-Babel==4.0.0",
        deps=("pytest", "Babel>=2.12", "pytz>=2022.7", "Jinja2>=3.1"),
        no_deps=("Flask-Babel==4.0.0",),
        tests=("compat/suites/flask_babel",),
        source=True,
    ),
    # Its sdist ships no tests either: demijohn's suite, in compat/suites/flask_session/, runs
    # each test against a redis-server of its own, SQLAlchemy and cachelib; it also passes on
    # the real Flask (python compat/check_behaviour.py).
    "flask-session": Extension(
        "Flask-Session==0.8.0",
        deps=("pytest", "msgspec>=0.18.6", "cachelib", "redis", "SQLAlchemy>=2.0.16,<2.1"),
        no_deps=("Flask-Session==0.8.0", "Flask-SQLAlchemy==3.1.1"),
        tests=("compat/suites/flask_session",),
        source=True,
    ),
    # The example blog: an unmodified Flask application with Flask-Login, Flask-WTF and
    # Flask-SQLAlchemy, and its own tests (they pass on the real Flask too).
    "blog": Extension(
        "examples/blog",
        # uvicorn is there for serving it: make run-blog PROTOCOL=asgi.
        deps=("pytest", "WTForms>=3.1", "SQLAlchemy>=2.0.16,<2.1", "uvicorn"),
        no_deps=("Flask-Login==0.6.3", "Flask-WTF==1.3.0", "Flask-SQLAlchemy==3.1.1"),
        tests=("examples/blog/tests",),
        source=True,
    ),
    "flask-jwt-extended": Extension(
        "Flask-JWT-Extended==4.7.4",
        deps=("pytest", "PyJWT>=2.11,<3", "cryptography", "python-dateutil"),
    ),
    "flask-caching": Extension(
        "Flask-Caching==2.5.1",
        deps=(
            *("pytest", "cachelib>=0.17", "asgiref", "pytest-asyncio", "pytest-xprocess"),
            *("redis", "python-memcached", "pylibmc"),
        ),
        # Its conftest uses servers already listening on these ports (and, with CI=true,
        # fails instead of skipping when they are missing). memcached refuses to run as root
        # without a user to switch to.
        services=(
            Service(("redis-server", "--port", "6360", "--save", "", "--appendonly", "no"), 6360),
            Service(("memcached", "-u", "nobody", "-p", "11212", "-l", "127.0.0.1"), 11212),
        ),
        # Its configuration turns warnings into errors, and pytest-asyncio warns without this.
        pytest_args=("-o", "asyncio_default_fixture_loop_scope=function"),
    ),
    # Beyond the list: extensions large Flask applications commonly carry.
    "flask-httpauth": Extension("Flask-HTTPAuth==4.8.1", deps=("pytest", "asgiref")),
    "flask-marshmallow": Extension(
        "flask-marshmallow==1.5.0",
        deps=("pytest", "marshmallow>=3", "marshmallow-sqlalchemy", "SQLAlchemy>=2.0.16,<2.1"),
        no_deps=("Flask-SQLAlchemy==3.1.1",),
    ),
    # Its tests run `flask db ...` in subprocesses, with FLASK_APP set: the flask command the
    # runner puts in each environment, and flask.commands plug-ins under the layer.
    "flask-migrate": Extension(
        "Flask-Migrate==4.1.0",
        deps=("pytest", "alembic>=1.9", "SQLAlchemy>=2.0.16,<2.1"),
        no_deps=("Flask-SQLAlchemy==3.1.1",),
        pytest_args=("-p", "no:logging"),
    ),
    "flask-smorest": Extension(
        "flask-smorest==0.47.0",
        deps=(
            "pytest",
            "marshmallow>=3.26",
            "webargs>=8,<9",
            "apispec[marshmallow]>=6,<7",
            "PyYAML",
            "packaging",
            "asgiref",
        ),
    ),
    # Its tests sit inside the package (talisman_test.py).
    "flask-talisman": Extension(
        "flask-talisman==1.1.0", deps=("pytest",), tests=("flask_talisman",)
    ),
    "flask-moment": Extension("Flask-Moment==1.0.6", deps=("pytest", "packaging>=14.1")),
    "flask-sock": Extension("flask-sock==0.7.0", deps=("pytest", "simple-websocket>=0.5.1")),
    # Its suite is one module at the sdist's top; Flask-Login and Flask-Session for the
    # session tests.
    "flask-socketio": Extension(
        "Flask-SocketIO==5.7.0",
        deps=("pytest", "python-socketio>=5.12", "redis", "cachelib", "msgspec"),
        no_deps=("Flask-Login==0.6.3", "Flask-Session==0.8.0"),
        tests=("test_socketio.py",),
    ),
    # A pytest plugin: its tests run pytester sessions that load it beside the layer's.
    "pytest-flask": Extension("pytest-flask==1.3.0", deps=("pytest",)),
    "flask-openapi3": Extension(
        "flask-openapi3==4.3.2", deps=("pytest", "pydantic>=2.4", "asgiref", "PyYAML")
    ),
    "flask-dance": Extension(
        "Flask-Dance==7.1.0",
        deps=(
            *("pytest", "pytest-mock", "responses", "freezegun", "betamax", "urlobject"),
            *("requests", "requests-oauthlib>=1", "oauthlib[signedtoken]>=3.2"),
            *("SQLAlchemy>=2.0.16,<2.1", "cachelib>=0.17", "blinker"),
        ),
        no_deps=("Flask-SQLAlchemy==3.1.1", "Flask-Login==0.6.3", "Flask-Caching==2.5.1"),
        # Its pytest plugin (an entry point) imports flask, and pytest imports such plugins
        # before it reads --flask-compat: a plugin named with -p comes before them.
        pytest_args=("-p", "demijohn.compat.flask_on"),
        # requests lets these win over a session's verify=False, which a test checks.
        unset=("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"),
    ),
    "flask-compress": Extension(
        "Flask-Compress==1.25",
        deps=("pytest", "brotli", "backports.zstd", "cachelib>=0.17"),
        no_deps=("Flask-Caching==2.5.1",),
    ),
    # Its tests sit inside the package. Those of the MongoDB backends, of GeoAlchemy and of
    # PostgreSQL need servers (and PostGIS) the runner does not start, and the Azure file
    # admin's an Azurite emulator: those are left out. WTForms 3.3 and SQLAlchemy 2.1 warn
    # where 2.2.1 predates them, which fails its tests on Flask 3.1.3 too.
    "flask-admin": Extension(
        "Flask-Admin==2.2.1",
        deps=(
            *("pytest", "asgiref", "moto", "botocore>=1.35", "boto3>=1.33", "beautifulsoup4"),
            *("WTForms>=2.3,<3.3", "SQLAlchemy>=2.0.16,<2.1", "sqlalchemy-utils>=0.38"),
            *("sqlalchemy-citext>=1.8", "colour>=0.1.5", "email-validator>=2", "arrow>=0.14"),
            *("peewee>=3.14", "wtf-peewee>=3.0.4", "pillow>=10", "tablib>=3", "redis>=4"),
            *("azure-storage-blob>=12", "Babel>=2.12", "pytz>=2022.7", "Jinja2>=3.1"),
        ),
        no_deps=(*("Flask-SQLAlchemy==3.1.1", "Flask-SQLAlchemy-Lite", "Flask-Babel==4.0.0"),),
        tests=("flask_admin/tests",),
        pytest_args=(
            *("--ignore=flask_admin/tests/mongoengine", "--ignore=flask_admin/tests/pymongo"),
            *(
                "--ignore=flask_admin/tests/geoa",
                "--ignore=flask_admin/tests/sqla/test_postgres.py",
            ),
            "--ignore=flask_admin/tests/fileadmin/test_fileadmin_azure.py",
        ),
        known_failures_on={"asgi": ADMIN_ONE_THREAD},
    ),
    # Its conftest starts Redis, Memcached and MongoDB with Docker Compose: the runner starts
    # the first two on the ports the compose file publishes, and a stand-in for the Docker
    # fixture lets the tests use them. There is no MongoDB to start (Debian has none), and
    # every storage test also asks for it: those are deselected.
    "flask-limiter": Extension(
        "Flask-Limiter==4.1.1",
        deps=(
            *("pytest", "pytest-mock", "pytest-check", "hiro>0.1.6", "asgiref>=3.2"),
            *("rich>=12,<15", "limits[redis,memcached]>=3.13", "ordered-set>4,<5"),
            *("typing-extensions>=4.3", "redis", "pymemcache", "pymongo", "aniso8601"),
            *("pytz", "jsonschema"),
            *("importlib-resources", "referencing", "six"),
        ),
        no_deps=("Flask-RESTful==0.3.10", "flask-restx==1.3.2"),
        services=(
            Service(
                ("redis-server", "--port", "46379", "--save", "", "--appendonly", "no"),
                46379,
                "redis",
            ),
            Service(
                ("memcached", "-u", "nobody", "-p", "31211", "-l", "127.0.0.1"), 31211, "memcached"
            ),
        ),
        plugins=("docker_stand_in",),
        # Its configuration asks for pytest-cov's --cov, which measuring it here does not need.
        pytest_args=("-o", "addopts=-rfEsxX", "--deselect", "tests/test_storage.py"),
    ),
}


@dataclasses.dataclass
class Outcome:
    name: str
    requirement: str
    protocol: str
    passed: int = 0
    failed: list[str] = dataclasses.field(default_factory=list)
    skipped: int = 0
    error: str | None = None
    seconds: float = 0.0
    new_failures: list[str] = dataclasses.field(default_factory=list)
    fixed: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.new_failures and not self.fixed


def _run(args: t.Sequence[str | Path], cwd: Path | None = None, timeout: float = 1800) -> str:
    rv = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    if rv.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{rv.stdout}\n{rv.stderr}")
    return rv.stdout


def environments() -> list[pins.Environment]:
    """Every suite's environment, for ``make lock``."""
    return [ext.environment(name) for name, ext in EXTENSIONS.items()]


def _fingerprint(ext: Extension, name: str) -> str:
    """What the environment is made from: when it changes, the environment is made again."""
    env = ext.environment(name)
    parts = [ext.requirement, repr(ext.type_check)]
    for lock in env.locks():
        parts.append(hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else "")
    return "\n".join(parts)


def _prepare(name: str, ext: Extension) -> tuple[Path, Path]:
    """Make the venv, install demijohn and the extension; return (python, the directory the
    suite runs in: the unpacked sdist, or this repository for a ``source`` suite)."""
    base = WORK / name
    venv = base / "venv"
    python = venv / "bin" / "python"
    source = base / "src"
    stamp = base / "installed.txt"
    env = ext.environment(name)
    pins.check(env)
    if stamp.is_file() and stamp.read_text() == _fingerprint(ext, name) and python.exists():
        _write_flask_command(venv)
        return python, ROOT if ext.source else next(source.iterdir())
    stamp.unlink(missing_ok=True)
    _run([sys.executable, "-m", "venv", "--clear", venv])
    pins.install(env, python, editable=ROOT)
    pip: list[str | Path] = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
    if ext.type_check:
        # Editable, in the mode whose path entry mypy follows to a stub-only package.
        stubs = ["--no-deps", "--no-build-isolation", "--config-settings", "editable_mode=compat"]
        _run([*pip, "install", *stubs, "-e", ROOT / "stubs" / "flask"])
    unpacked = ROOT if ext.source else _unpack_sdist(pip, base, name, ext)
    # The layer shadows a real Flask, but a real one must not even be installed: a suite
    # that passes because of it would prove nothing.
    real = _run([python, "-c", "import importlib.util as u; print(u.find_spec('flask'))"])
    if real.strip() != "None":
        raise RuntimeError(f"a real Flask is installed in {venv} ({real.strip()}); remove it")
    _write_flask_command(venv)
    stamp.write_text(_fingerprint(ext, name))
    return python, unpacked


def _write_flask_command(venv: Path) -> None:
    """Put a ``flask`` command in the environment, as docs/compat.md suggests to teams that
    migrate: demijohn's command line with the layer on. Suites that run ``flask db upgrade``
    and the like in a subprocess (Flask-Migrate's) find it first on the PATH."""
    script = venv / "bin" / "flask"
    script.write_text(
        f"#!{venv / 'bin' / 'python'}\nfrom demijohn.compat.flask_cli import main\n\nmain()\n"
    )
    script.chmod(0o755)


def _unpack_sdist(pip: list[str | Path], base: Path, name: str, ext: Extension) -> Path:
    """Download the sdist of the release pinned in its lock, checked against the lock's
    hashes, and unpack it for its tests; an installed extension itself comes from the lock's
    wheel. The sdist of a release that is not installed (Flask's) loses its package, so only
    its tests and their files are left."""
    dist = base / "dist"
    source = base / "src"
    for directory in (dist, source):
        if directory.exists():
            shutil.rmtree(directory)
    dist.mkdir(parents=True)
    entry = pins.locked_entry(ext.sdist_lock(name), ext.requirement.partition("==")[0])
    requirement = base / "sdist-requirement.txt"
    requirement.write_text(entry + "\n", encoding="utf-8")
    download = ["download", "--no-deps", "--no-binary", ":all:", "--require-hashes"]
    _run([*pip, *download, "-r", requirement, "-d", dist])
    (sdist,) = dist.iterdir()
    with tarfile.open(sdist) as archive:
        archive.extractall(source, filter="data")
    (unpacked,) = source.iterdir()
    if not ext.installed:
        _remove_package(unpacked, ext.requirement)
    # The sdist is unpacked inside this repository: without a configuration of its own,
    # pytest would take demijohn's pyproject.toml as the suite's configuration.
    if not _has_pytest_config(unpacked):
        (unpacked / "pytest.ini").write_text("[pytest]\n")
    return unpacked


def _remove_package(unpacked: Path, requirement: str) -> None:
    """Delete the importable package from an unpacked sdist (``src/<name>`` or ``<name>``)."""
    import_name = pins.normalise(requirement.partition("==")[0]).replace("-", "_")
    found = [p for p in (unpacked / "src" / import_name, unpacked / import_name) if p.is_dir()]
    if not found:
        raise RuntimeError(f"no {import_name!r} package in {unpacked} to remove")
    for package in found:
        shutil.rmtree(package)


def _has_pytest_config(source: Path) -> bool:
    markers = {
        "pytest.ini": "",
        ".pytest.ini": "",
        "pyproject.toml": "[tool.pytest",
        "tox.ini": "[pytest]",
        "setup.cfg": "[tool:pytest]",
    }
    for filename, marker in markers.items():
        path = source / filename
        if path.is_file() and marker in path.read_text(encoding="utf-8", errors="replace"):
            return True
    return False


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def _services(ext: Extension, log: Path) -> t.Iterator[None]:
    with contextlib.ExitStack() as stack:
        for service in ext.services:
            if _listening(service.port):
                raise RuntimeError(f"port {service.port} is taken; {service.command[0]} needs it")
            if shutil.which(service.command[0]) is None:
                raise RuntimeError(
                    f"{service.command[0]} is not installed; .ci/run installs it with apt-get"
                )
            out = stack.enter_context(log.open("ab"))
            process = subprocess.Popen(service.command, stdout=out, stderr=subprocess.STDOUT)
            stack.callback(process.wait, 10)
            stack.callback(process.terminate)
            deadline = time.monotonic() + 20
            while not _listening(service.port):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{service.command[0]} did not start; see {log}")
                time.sleep(0.05)
        yield


def _read_junit(path: Path, outcome: Outcome) -> None:
    for case in ET.parse(path).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            outcome.failed.append(test_id)
        elif case.find("skipped") is not None:
            outcome.skipped += 1
        else:
            outcome.passed += 1


def _pytest(name: str, ext: Extension, python: Path, source: Path, outcome: Outcome) -> None:
    base = WORK / name
    junit = base / f"junit-{outcome.protocol}.xml"
    junit.unlink(missing_ok=True)
    # The cache provider stays on: some suites' plugins (pytest-xprocess) need it.
    args: list[str | Path] = [python, "-m", "pytest", "--flask-compat", "-q"]
    args += [f"--demijohn-protocol={outcome.protocol}", f"--rootdir={source}", "-rfEs"]
    args += [f"--junitxml={junit}", *ext.pytest_args]
    args += [a for plugin in ext.plugins for a in ("-p", plugin)]
    args += ext.tests
    # As if the environment were activated: its commands come first on the PATH.
    environ = dict(os.environ, PATH=f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    for variable in ext.unset:
        environ.pop(variable, None)
    if ext.plugins:
        environ["PYTHONPATH"] = os.pathsep.join(
            [str(PLUGINS), *filter(None, [environ.get("PYTHONPATH")])]
        )
    environ["DEMIJOHN_COMPAT_SERVICES"] = ",".join(s.name for s in ext.services if s.name)
    rv = subprocess.run(
        [str(a) for a in args],
        cwd=source,
        env=environ,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    (base / f"pytest-{outcome.protocol}.log").write_text(rv.stdout + rv.stderr)
    if not junit.exists():
        raise RuntimeError(f"pytest wrote no report:\n{rv.stdout[-3000:]}\n{rv.stderr}")
    _read_junit(junit, outcome)


def run_suite(name: str, ext: Extension, protocols: t.Sequence[str]) -> list[Outcome]:
    """Set up one extension and run its suite once per protocol (one after the other: a
    suite's services and files are shared by its runs)."""
    outcomes = [Outcome(name, ext.requirement, protocol) for protocol in protocols]
    start = time.monotonic()
    try:
        python, source = _prepare(name, ext)
    except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
        for outcome in outcomes:
            outcome.error = f"setup: {e}"
        return outcomes
    setup = time.monotonic() - start
    for outcome in outcomes:
        start = time.monotonic()
        try:
            _run_once(name, ext, python, source, outcome)
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
            outcome.error = str(e)
        outcome.seconds = time.monotonic() - start + setup
        setup = 0.0
        _judge(ext, outcome)
    if ext.type_check:
        outcome = Outcome(name, ext.requirement, "mypy")
        start = time.monotonic()
        try:
            _type_check(ext, python, source, outcome)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            outcome.error = str(e)
        outcome.seconds = time.monotonic() - start
        _judge(ext, outcome)
        outcomes.append(outcome)
    return outcomes


def _judge(ext: Extension, outcome: Outcome) -> None:
    """Compare the failures of a run with those expected of it."""
    expected = ext.expected_failures(outcome.protocol)
    outcome.new_failures = [f for f in outcome.failed if f not in expected]
    if outcome.error is None:
        outcome.fixed = [f for f in expected if f not in outcome.failed]


def _type_check(ext: Extension, python: Path, source: Path, outcome: Outcome) -> None:
    """Run mypy --strict over the suite's typed files (with the suite's own mypy settings);
    each error is a failure, each file without one a pass."""
    args: list[str | Path] = [python, "-m", "mypy", "--strict", "--no-incremental"]
    args += ["--python-version", f"{sys.version_info.major}.{sys.version_info.minor}"]
    args += ["--no-pretty", "--no-error-summary", *ext.type_check]
    files = [p for path in ext.type_check for p in sorted((source / path).rglob("*.py"))]
    rv = subprocess.run(
        [str(a) for a in args], cwd=source, capture_output=True, text=True, timeout=1800
    )
    (WORK / outcome.name / "mypy.log").write_text(rv.stdout + rv.stderr)
    errors = [line for line in rv.stdout.splitlines() if ": error: " in line]
    if rv.returncode not in (0, 1) or (rv.returncode == 1 and not errors):
        raise RuntimeError(f"mypy could not check {ext.type_check}:\n{rv.stdout}{rv.stderr}")
    outcome.failed = errors
    failing = {line.partition(":")[0] for line in errors}
    outcome.passed = sum(str(f.relative_to(source)) not in failing for f in files)


def _run_once(name: str, ext: Extension, python: Path, source: Path, outcome: Outcome) -> None:
    """Run the suite over one protocol, with its services.

    Suites whose servers listen on fixed ports (Flask-Caching's conftest hard-codes them) run
    in a network namespace of their own where the machine allows one: a fresh loopback on
    which those ports are always free, so two checkouts can run their checks at once.
    Elsewhere a lock file makes a second checkout wait for the ports instead of failing.
    """
    prefix = _namespace_prefix() if ext.services else None
    if prefix is None:
        with _port_locks(ext), _services(ext, WORK / name / "services.log"):
            _pytest(name, ext, python, source, outcome)
        return
    inner = [*prefix, "sh", "-c", 'ip link set lo up && exec "$@"', "sh", sys.executable]
    inner += [__file__, "--in-namespace", "--protocol", outcome.protocol, name]
    rv = subprocess.run(inner, capture_output=True, text=True, timeout=1800)
    junit = WORK / name / f"junit-{outcome.protocol}.xml"
    if rv.returncode != 0 or not junit.exists():
        raise RuntimeError(f"the suite's run in its own network namespace failed:\n{rv.stderr}")
    _read_junit(junit, outcome)


def _namespace_prefix() -> list[str] | None:
    """The command that starts a process in a new network namespace, or None if this machine
    does not let this user make one (``unshare`` and ``ip`` from util-linux and iproute2)."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if unshare is None or ip is None:
        return None
    prefix = [unshare, "--net"] if os.geteuid() == 0 else [unshare, "--net", "--map-root-user"]
    probe = subprocess.run([*prefix, ip, "link", "set", "lo", "up"], capture_output=True)
    return prefix if probe.returncode == 0 else None


@contextlib.contextmanager
def _port_locks(ext: Extension) -> t.Iterator[None]:
    """Hold a lock per fixed port for as long as the suite's services use it."""
    with contextlib.ExitStack() as stack:
        for service in ext.services:
            path = Path(tempfile.gettempdir()) / f"demijohn-compat-port-{service.port}.lock"
            lock = stack.enter_context(path.open("a"))
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _run_in_namespace(name: str, protocol: str) -> int:
    """``--in-namespace``: the inner half of :func:`_run_once`, inside the new namespace."""
    ext = EXTENSIONS[name]
    python, source = _prepare(name, ext)
    try:
        with _services(ext, WORK / name / "services.log"):
            _pytest(name, ext, python, source, Outcome(name, ext.requirement, protocol))
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        print(e, file=sys.stderr)
        return 1
    return 0


#: How many unexpected failures the summary names per extension.
_SHOWN = 10


def _report(outcomes: list[Outcome]) -> str:
    lines = ["| suite | release | protocol | passed | failed | skipped | status |"]
    lines.append("|---|---|---|---|---|---|---|")
    for o in outcomes:
        status = "ok" if o.ok else ("could not run" if o.error else "unexpected result")
        lines.append(
            f"| {o.name} | {o.requirement} | {o.protocol} | {o.passed} | {len(o.failed)}"
            f" | {o.skipped} | {status} |"
        )
    for o in outcomes:
        where = f"compat/.venvs/{o.name}/pytest-{o.protocol}.log"
        if o.error:
            lines.append(f"\n{o.name} ({o.protocol}): could not run: {o.error.strip()[-2000:]}")
        if o.new_failures:
            lines.append(f"\n{o.name} ({o.protocol}): {len(o.new_failures)} unexpected failure(s):")
            lines.extend(f"  {test_id}" for test_id in o.new_failures[:_SHOWN])
            lines.append(f"  (all in results.json; output in {where})")
        for test_id in o.fixed:
            lines.append(
                f"{o.name} ({o.protocol}): now passes, remove from known failures: {test_id}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="extensions to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the extensions and exit")
    parser.add_argument(
        "--protocol", choices=PROTOCOLS, action="append", help="run over this protocol only"
    )
    parser.add_argument("--jobs", type=int, default=2, help="suites run at once (default 2)")
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="only set up the environments, printing each one's Python (for running by hand)",
    )
    parser.add_argument("--in-namespace", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.in_namespace:
        return _run_in_namespace(options.names[0], options.protocol[0])
    if options.list:
        for name, ext in EXTENSIONS.items():
            print(f"{name}: {ext.requirement}")
        return 0
    unknown = set(options.names) - set(EXTENSIONS)
    if unknown:
        parser.error(f"unknown extension(s) {sorted(unknown)}; known: {sorted(EXTENSIONS)}")
    WORK.mkdir(parents=True, exist_ok=True)
    names = options.names or list(EXTENSIONS)
    if options.prepare:
        for name in names:
            print(_prepare(name, EXTENSIONS[name])[0])
        return 0
    protocols = options.protocol or PROTOCOLS
    with concurrent.futures.ThreadPoolExecutor(max(1, options.jobs)) as pool:
        runs = pool.map(lambda name: run_suite(name, EXTENSIONS[name], protocols), names)
        outcomes = [outcome for run in runs for outcome in run]
    print(_report(outcomes))
    results = [dataclasses.asdict(o) | {"ok": o.ok} for o in outcomes]
    (WORK / "results.json").write_text(json.dumps(results, indent=2))
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
