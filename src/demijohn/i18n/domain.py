"""Translation domains: where a set of catalogues lives, and their compiled translations,
loaded once per locale.

A :class:`Domain` is a catalogue name (``messages``) and the folders that hold
``<locale>/LC_MESSAGES/<name>.mo`` files. The application has one; a blueprint may have its own,
whose translations fall back to the application's for messages it does not translate.
"""

from __future__ import annotations

import collections.abc as cabc
import os
import threading
from pathlib import Path

from babel import Locale
from babel.support import NullTranslations, Translations

__all__ = ["Domain"]


class Domain:
    """A catalogue name and the folders its compiled catalogues are read from.

    :param directories: folders holding ``<locale>/LC_MESSAGES/<domain>.mo``; the first that
        translates a message wins.
    :param domain: the catalogue's name: ``messages`` reads ``messages.mo``.
    """

    def __init__(self, directories: cabc.Iterable[str | os.PathLike[str]], domain: str) -> None:
        self.directories = tuple(Path(d) for d in directories)
        self.domain = domain
        self._cache: dict[str, tuple[tuple[float, ...], NullTranslations]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        folders = ", ".join(str(d) for d in self.directories)
        return f"<Domain {self.domain!r} in {folders}>"

    def catalogue_files(self, locale: str, suffix: str = ".mo") -> list[Path]:
        """The catalogue files of ``locale`` (``.mo`` or ``.po``) that exist, in order."""
        found = []
        for directory in self.directories:
            path = directory / locale / "LC_MESSAGES" / f"{self.domain}{suffix}"
            if path.is_file():
                found.append(path)
        return found

    def locales(self) -> list[str]:
        """The locales some folder has a catalogue of this domain for (``.po`` or ``.mo``)."""
        names: set[str] = set()
        for directory in self.directories:
            if not directory.is_dir():
                continue
            for child in directory.iterdir():
                messages = child / "LC_MESSAGES"
                if (messages / f"{self.domain}.mo").is_file() or (
                    messages / f"{self.domain}.po"
                ).is_file():
                    names.add(child.name)
        return sorted(names)

    def translations(self, locale: Locale | str, reload: bool = False) -> NullTranslations:
        """The compiled translations of ``locale``, loaded on first use and kept.

        :param locale: the locale.
        :param reload: load them again if a catalogue file changed since (debug mode).
        """
        key = str(locale)
        cached = self._cache.get(key)
        if cached is not None and not reload:
            return cached[1]
        files = self.catalogue_files(key)
        stamp = tuple(path.stat().st_mtime for path in files)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        with self._lock:
            loaded = self.load(key)
            self._cache[key] = (stamp, loaded)
        return loaded

    def load(self, locale: Locale | str) -> NullTranslations:
        """Read the compiled catalogues of ``locale`` afresh, without keeping them: one
        :class:`~babel.support.Translations`, the first folder's messages winning, or a
        :class:`~babel.support.NullTranslations` when no folder has the locale."""
        loaded: Translations | None = None
        # merge() lets the merged catalogue's messages win: start from the last folder.
        for path in reversed(self.catalogue_files(str(locale))):
            with path.open("rb") as fp:
                found = Translations(fp, domain=self.domain)
            if loaded is None:
                loaded = found
            else:
                loaded.merge(found)
        return NullTranslations() if loaded is None else loaded
