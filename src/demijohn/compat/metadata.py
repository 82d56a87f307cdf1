"""A stand-in distribution for :mod:`importlib.metadata`, found while a compatibility layer is on.

Code that checks what is installed, ``importlib.metadata.version("flask")`` for instance, then
gets the version of the API the layer provides. The stand-in has metadata and a top-level name
only: no files, no entry points and no requirements. It is offered for searches of the
current :data:`sys.path`, never for searches of explicit folders, which ask what is on disk.
"""

from __future__ import annotations

import collections.abc as cabc
import importlib.machinery
import os
import pathlib
import re
import types
from importlib.metadata import Distribution, DistributionFinder

__all__ = ["StandInDistribution", "StandInDistributionFinder"]


def _normalize(name: str) -> str:
    """The name as :pep:`503` compares names: case and runs of ``-_.`` do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


class StandInDistribution(Distribution):
    """A distribution that exists only in memory.

    :param name: the project name, as its ``METADATA`` spells it.
    :param version: the version to report.
    :param summary: the one-line summary; say there what provides it.
    :param top_level: the import name of its top-level package.
    """

    def __init__(self, name: str, version: str, summary: str, top_level: str) -> None:
        self.normalized_name = _normalize(name)
        self._files = {
            "METADATA": (
                f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {summary}\n"
            ),
            "top_level.txt": f"{top_level}\n",
        }

    def read_text(self, filename: str) -> str | None:
        return self._files.get(filename)

    def locate_file(self, path: str | os.PathLike[str]) -> pathlib.Path:
        # No file of it exists; an answer inside demijohn's package names who provides it.
        return pathlib.Path(__file__).parent / path


_ANY = DistributionFinder.Context()


class StandInDistributionFinder(DistributionFinder):
    """The :data:`sys.meta_path` entry that offers one :class:`StandInDistribution`.

    Put before the path finders, it hides a real distribution of the same name, just as the
    layer's modules hide the real package.
    """

    def __init__(self, distribution: StandInDistribution) -> None:
        self.distribution = distribution

    def find_spec(
        self,
        fullname: str,
        path: cabc.Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        return None

    def find_distributions(self, context: DistributionFinder.Context = _ANY) -> list[Distribution]:
        if "path" in vars(context):
            return []
        if (
            context.name is not None
            and _normalize(context.name) != self.distribution.normalized_name
        ):
            return []
        return [self.distribution]
