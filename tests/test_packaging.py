"""The distributions: the wheel installs into a fresh virtual environment and serves there; the
sdist holds the whole repository but its dotfiles, and its own test suite passes.

Both are built once, by ``python -m build --no-isolation`` (the build backend is in the dev
environment, so nothing is downloaded), from a copy of the files the repository is made of: a
build writes ``*.egg-info`` next to the package, and none should land in the checkout. The fresh
environment gets demijohn's dependencies from the run lock, ``pins/run.txt``, the way
``make run`` installs them; that needs the package index or pip's cache.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass

import pins
import pytest
from pins import project

ROOT = pathlib.Path(__file__).parents[1]
#: Files setuptools writes into every sdist; the repository has none of them.
GENERATED = {"PKG-INFO", "setup.cfg"}
GENERATED_FOLDER = "src/demijohn.egg-info/"
#: The sdist's test suite runs without this file: it would build and test an sdist again.
THIS_FILE = "tests/test_packaging.py"
#: Guards against a hung command; none of these is a measure of speed.
TIMEOUT = 600

HELLO = """\
import demijohn
from demijohn import Demijohn

app = Demijohn(__name__)


@app.get("/hello/<name>")
def hello(name: str) -> dict[str, str]:
    return {"hello": name}


if __name__ == "__main__":
    for protocol in ("wsgi", "asgi"):
        assert app.test_client(protocol=protocol).get("/hello/world").json == {"hello": "world"}
    print(demijohn.__file__)
"""


def source_files() -> list[str]:
    """The repository's files, relative to its root: those git tracks or would add, in a
    checkout; in an unpacked sdist, which has no git, the files the sdist was made of."""
    if (ROOT / ".git").exists():
        listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        names = listed.stdout.split("\0")
    else:
        sources = ROOT / GENERATED_FOLDER / "SOURCES.txt"
        names = sources.read_text(encoding="utf-8").splitlines()
        names = [name for name in names if not _is_generated(name)]
    # A deleted file git still tracks is not part of the tree being built.
    return sorted(name for name in names if name and (ROOT / name).is_file())


def _is_generated(name: str) -> bool:
    return name in GENERATED or name.startswith(GENERATED_FOLDER)


def _run(
    command: list[str | os.PathLike[str]],
    cwd: pathlib.Path = ROOT,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    output = f"{done.stdout[-5000:]}{done.stderr[-5000:]}"
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{output}"
    return done


@dataclass(frozen=True)
class Dists:
    wheel: pathlib.Path
    sdist: pathlib.Path


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    source = tmp_path_factory.mktemp("source")
    for name in source_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source])
    (wheel,) = out.glob("demijohn-*.whl")
    (sdist,) = out.glob("demijohn-*.tar.gz")
    return Dists(wheel, sdist)


@pytest.fixture(scope="module")
def unpacked_sdist(dists: Dists, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp("sdist")
    with tarfile.open(dists.sdist) as archive:
        archive.extractall(folder, filter="data")
    (root,) = folder.iterdir()
    return root


def test_wheel_installs_into_a_fresh_venv_and_serves(dists: Dists, tmp_path: pathlib.Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    pins.install(project.RUN, python)
    # No index: every dependency the wheel declares must already be there, from the lock.
    _run([python, "-m", "pip", "install", "--quiet", "--no-index", dists.wheel])

    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "hello.py").write_text(HELLO, encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    done = _run([python, "hello.py"], cwd=folder, env=env)
    imported_from = pathlib.Path(done.stdout.strip())
    assert imported_from.is_relative_to(venv), f"demijohn was imported from {imported_from}"

    routes = _run([venv / "bin" / "demijohn", "--app", "hello", "routes"], cwd=folder, env=env)
    assert "/hello/<name>" in routes.stdout

    check = (
        "from importlib.metadata import metadata; print(metadata('demijohn')['License-Expression'])"
    )
    assert _run([python, "-c", check], cwd=folder, env=env).stdout.strip() == "BSD-3-Clause"


def test_wheel_ships_the_license(dists: Dists, tmp_path: pathlib.Path) -> None:
    shutil.unpack_archive(dists.wheel, tmp_path, format="zip")
    (license_file,) = tmp_path.glob("demijohn-*.dist-info/licenses/LICENSE")
    assert license_file.read_text(encoding="utf-8").startswith("BSD 3-Clause License\n")


def test_wheel_ships_the_catalogues_of_demijohn_s_own_messages(
    dists: Dists, tmp_path: pathlib.Path
) -> None:
    shutil.unpack_archive(dists.wheel, tmp_path, format="zip")
    shipped = sorted(
        path.relative_to(tmp_path).as_posix()
        for path in (tmp_path / "demijohn" / "i18n" / "translations").rglob("*.po")
    )
    assert shipped == [
        "demijohn/i18n/translations/de/LC_MESSAGES/demijohn.po",
        "demijohn/i18n/translations/fr/LC_MESSAGES/demijohn.po",
    ]


def test_sdist_holds_the_repository_but_its_dotfiles(unpacked_sdist: pathlib.Path) -> None:
    shipped = {
        path.relative_to(unpacked_sdist).as_posix()
        for path in unpacked_sdist.rglob("*")
        if path.is_file()
    }
    wanted = {name for name in source_files() if not name.startswith(".") and "/." not in name}
    assert sorted(wanted - shipped) == []
    assert sorted(name for name in shipped - wanted if not _is_generated(name)) == []
    assert {name for name in wanted if name.startswith("tests/")} <= shipped


def test_sdist_test_suite_passes(unpacked_sdist: pathlib.Path) -> None:
    """The unpacked sdist's tests, run with this environment's tools against the sdist's own
    package (PYTHONPATH puts its ``src`` before the editable install of the checkout)."""
    env = {**os.environ, "PYTHONPATH": str(unpacked_sdist / "src")}
    where = "import demijohn; print(demijohn.__file__)"
    imported_from = _run([sys.executable, "-c", where], cwd=unpacked_sdist, env=env).stdout
    assert pathlib.Path(imported_from.strip()).is_relative_to(unpacked_sdist / "src")

    # The flagship's browser tests drive Chromium and run in the checkout's own suite; the lowest
    # environment has no Playwright for them (see `make test-lowest`), so the sdist run leaves them.
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    ignored = ["--ignore", THIS_FILE, "--ignore", "examples/shop/tests/browser"]
    done = _run([*command, *ignored], cwd=unpacked_sdist, env=env)
    assert " passed" in done.stdout.strip().splitlines()[-1]
