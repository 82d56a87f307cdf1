"""``make lock``: resolve every environment's input again and rewrite its lock.

    python -m pins.refresh               # every lock, at the newest versions allowed
    python -m pins.refresh dev compat/   # the locks whose names start with these
    python -m pins.refresh --keep dev    # keep what dev pins now where its input allows

Needs uv (in the ``dev`` extra) and the package index. The project's locks come first: ``run``
and ``lowest`` are made from ``dev``'s.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import types

from . import ROOT, Environment, project, write_lock


def _load(relative: str) -> types.ModuleType:
    """Import a script of the repository by its path (the compat scripts are no package)."""
    path = ROOT / relative
    name = "_pins_" + path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {relative}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def all_environments() -> list[Environment]:
    """Every environment the checks build, in the order their locks are written."""
    found = project.environments()
    found += _load("compat/run_extension_suites.py").environments()
    found += _load("compat/check_behaviour.py").environments()
    found += importlib.import_module("benchmarks.harness.venvs").environments()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pins.refresh", description=__doc__)
    parser.add_argument("prefixes", nargs="*", help="only the locks whose names start so")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the versions locked now wherever the input allows (to add a requirement"
        " without upgrading the rest)",
    )
    options = parser.parse_args(argv)
    for env in all_environments():
        if options.prefixes and not env.name.startswith(tuple(options.prefixes)):
            continue
        if env.name == "lowest":
            # Its input names dev's versions, which the loop may just have rewritten.
            env = project.lowest()
        print(f"resolving {env.name}", file=sys.stderr)
        write_lock(env, keep=options.keep)
        if env.name == "dev":
            # What projects made by `demijohn new` pin follows what demijohn is tested with.
            project.write_scaffolding_constraints()
    return 0


if __name__ == "__main__":
    sys.exit(main())
