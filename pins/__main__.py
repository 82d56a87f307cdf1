"""``python -m pins``: check the locks, or install one of the project's environments.

python -m pins check                        # every lock matches its input
python -m pins install dev .venv/bin/python # the locked dev tools, then demijohn editable
python -m pins install docs .venv-docs/bin/python # the site's tools (demijohn is not installed)
python -m pins version uv                   # the version dev's lock pins (or nothing)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import ROOT, InstallFailed, StaleLock, check, install, normalise, pinned_versions, project
from .refresh import all_environments


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pins", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="fail if a lock does not match its environment's input")
    installing = commands.add_parser("install", help="install one of the project's environments")
    installing.add_argument("name", choices=("dev", "run", "lowest", "docs"))
    installing.add_argument("python", type=Path, help="the interpreter of the venv to fill")
    version = commands.add_parser("version", help="print the version dev's lock pins")
    version.add_argument("distribution")
    options = parser.parse_args(argv)
    try:
        if options.command == "check":
            for env in all_environments():
                check(env)
        elif options.command == "version":
            versions = pinned_versions(project.DEV) if project.DEV.lock.is_file() else {}
            print(versions.get(normalise(options.distribution), ""))
        else:
            environments = {env.name: env for env in project.environments()}
            env = environments[options.name]
            # An environment without the project's dependencies (docs) cannot install it.
            install(env, options.python, editable=ROOT if env.project else None)
    except (StaleLock, InstallFailed) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
