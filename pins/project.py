"""The project's own environments, all made from ``pyproject.toml``.

- ``dev``: ``.venv`` for ``make test``: the runtime dependencies and the ``dev`` extra.
- ``run``: what ``make run`` needs to serve the example (the runtime dependencies, the
  ``servers`` and ``dotenv`` extras and the extras of the batteries the example uses), at the
  versions ``dev`` pins, so both share ``.venv``.
- ``lowest``: the runtime dependencies, and those of the batteries' extras, at the lowest
  versions their ranges allow, with the test tools at ``dev``'s versions: ``make test-lowest``
  runs the test suite in it, so a range in ``pyproject.toml`` never claims a version the tests
  have not passed on.
- ``docs``: ``.venv-docs`` for ``make docs``: only the ``docs`` extra (MkDocs and its plug-ins),
  not demijohn's dependencies, since the API reference is read from the source without
  importing it; kept out of ``dev`` so that the test environment does not carry the site's
  tools.
"""

from __future__ import annotations

from . import ROOT, Environment, normalise, pinned_versions, project_dependencies

DEV = Environment("dev", tuple(project_dependencies("dev")[len(project_dependencies()) :]), True)
DOCS = Environment("docs", tuple(project_dependencies("docs")[len(project_dependencies()) :]))

#: The extras of the batteries (``demijohn.settings``, ...): their ranges are tested at their
#: lowest versions too.
BATTERY_EXTRAS = ("settings", "i18n", "validation", "db", "server-sessions", "celery")

#: The batteries' extras the example shop uses, which ``run`` installs.
EXAMPLE_EXTRAS = ("settings", "i18n", "validation", "db")

RUN = Environment(
    "run",
    tuple(
        project_dependencies("servers", "dotenv", *EXAMPLE_EXTRAS)[len(project_dependencies()) :]
    ),
    project=True,
    within=DEV,
)


def requirement_name(line: str) -> str:
    for stop in "<>=!~[; ":
        line = line.split(stop, 1)[0]
    return normalise(line)


#: Test tools ``lowest`` goes without, and the tests that need them (the example shop's browser
#: tests: ``make test-lowest`` leaves them out). Playwright needs a newer greenlet than the
#: lowest demijohn allows, which ``lowest`` is there to test.
NOT_IN_LOWEST = frozenset({"playwright"})


def lowest() -> Environment:
    """``lowest``: its input names ``dev``'s locked versions of the test tools, so it is made
    after ``dev``'s lock (a function, not a constant, for that reason)."""
    batteries = project_dependencies(*BATTERY_EXTRAS)[len(project_dependencies()) :]
    runtime = {requirement_name(line) for line in [*project_dependencies(), *batteries]}
    pins = pinned_versions(DEV) if DEV.lock.is_file() else {}
    tools = []
    for line in DEV.requirements:
        name = requirement_name(line)
        if name not in runtime and name not in NOT_IN_LOWEST:
            tools.append(f"{name}=={pins[name]}" if name in pins else line)
    return Environment("lowest", (*batteries, *tools), project=True, lowest=True)


#: The versions projects made by ``demijohn new`` pin (``demijohn.scaffolding.pins``): dev's.
SCAFFOLDING_CONSTRAINTS = ROOT / "src" / "demijohn" / "scaffolding" / "constraints.txt"


def write_scaffolding_constraints() -> None:
    """Write :data:`SCAFFOLDING_CONSTRAINTS` from dev's lock, after dev's lock is written."""
    # Not at the top: the pins install the first environment with a Python that has no
    # demijohn yet, and only the refresh, run from .venv, gets here.
    from demijohn.scaffolding.pins import constraints_text

    text = constraints_text(pinned_versions(DEV))
    SCAFFOLDING_CONSTRAINTS.write_text(text, encoding="utf-8")


def environments() -> list[Environment]:
    """The project's environments, in the order their locks must be written."""
    return [DEV, RUN, lowest(), DOCS]
