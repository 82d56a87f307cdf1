"""The :class:`I18n` extension: the application's translation settings, how the locale and
timezone of a request are chosen, and which translations apply.

The choice is made once per request, the first time something asks for it (a translated
string, a formatted number, a template with ``{% trans %}``), and kept on ``g``; a request that
translates nothing pays nothing.
"""

from __future__ import annotations

import collections.abc as cabc
import contextlib
import inspect
import os
import typing as t
import zoneinfo
from pathlib import Path

from babel import Locale, UnknownLocaleError, negotiate_locale
from babel.support import NullTranslations

from demijohn import Blueprint, Request, current_app

from .checks import check_catalogues
from .commands import i18n_command
from .domain import Domain
from .errors import install as install_error_pages
from .state import EXTENSION_KEY, Choice, current, state
from .templates import configure_jinja

if t.TYPE_CHECKING:
    from demijohn import Demijohn

__all__ = ["I18n", "LocaleSelector", "TimezoneSelector", "force_locale", "refresh"]

#: A function that picks a locale (or timezone) for a request: given the request, a name,
#: or ``None`` to let the next source decide.
LocaleSelector = t.Callable[[Request], "str | Locale | None"]
TimezoneSelector = t.Callable[[Request], "str | zoneinfo.ZoneInfo | None"]

#: Where a request's locale may come from, in the order they are tried by default.
LOCALE_SOURCES = ("url", "selector", "cookie", "header")


def _as_list(value: str | os.PathLike[str] | cabc.Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in value.split(";") if part]
    if isinstance(value, os.PathLike):
        return [os.fspath(value)]
    return [os.fspath(part) for part in value]


class I18n:
    """Translations, locale and timezone selection and localised formatting for an
    application, on Babel.

    ::

        i18n = I18n(app)

        @i18n.locale_selector
        def user_locale(request):
            return session.get("locale")

    Configuration keys (defaults in brackets), read when :meth:`init_app` runs:

    - ``I18N_DEFAULT_LOCALE`` (``"en"``): the locale when nothing else decides;
    - ``I18N_DEFAULT_TIMEZONE`` (``"UTC"``);
    - ``I18N_LOCALES`` (``None``): the locales offered; by default, those the translation
      folders have catalogues for, and the default locale;
    - ``I18N_TRANSLATION_DIRECTORIES`` (``"translations"``): folders of catalogues, relative
      to the application's root path; a list, or a string separated by ``;``;
    - ``I18N_DOMAIN`` (``"messages"``): the application's catalogue name;
    - ``I18N_LOCALE_SOURCES`` (``("url", "selector", "cookie", "header")``): where a
      request's locale comes from, first first: the ``<lang_code>`` URL prefix of
      :meth:`localized`, the :meth:`locale_selector`, the cookie, the ``Accept-Language``
      header; the default locale after them all;
    - ``I18N_LOCALE_COOKIE`` (``"locale"``): the cookie's name;
    - ``I18N_TIMEZONE_COOKIE`` (``"timezone"``).

    In debug mode, catalogues are read again when their files change.

    One instance serves one application.

    :param app: the application, or ``None`` to call :meth:`init_app` later.
    :param configure_jinja: add Jinja's i18n extension (``{% trans %}``) with this
        extension's functions, and the formatting filters, to the application's templates.
    :param translate_error_pages: show the default error pages (404, 405, 500, ...) in the
        request's language (demijohn ships German and French), unless the application
        handles ``HTTPException`` itself.
    """

    def __init__(
        self,
        app: Demijohn | None = None,
        *,
        configure_jinja: bool = True,
        translate_error_pages: bool = True,
    ) -> None:
        self.configure_jinja = configure_jinja
        self.translate_error_pages = translate_error_pages
        self._locale_selector: LocaleSelector | None = None
        self._timezone_selector: TimezoneSelector | None = None
        #: The selectors as called, with the values the application's parameter binders
        #: give their other parameters; prepared on first use.
        self._prepared: dict[str, t.Callable[[Request], t.Any]] = {}
        self._blueprint_domains: dict[str, Domain] = {}
        self._chains: dict[tuple[str, str], tuple[object, object, NullTranslations]] = {}
        self.app: Demijohn | None = None
        if app is not None:
            self.init_app(app)

    # -- set-up ----------------------------------------------------------------------------

    def init_app(self, app: Demijohn) -> None:
        """Read the configuration, register the extension in ``app.extensions``, set up the
        templates and add the catalogue checks to ``demijohn check``.

        :raises ValueError: a configured locale or timezone does not exist.
        """
        config = app.config
        config.setdefault("I18N_DEFAULT_LOCALE", "en")
        config.setdefault("I18N_DEFAULT_TIMEZONE", "UTC")
        config.setdefault("I18N_LOCALES", None)
        config.setdefault("I18N_TRANSLATION_DIRECTORIES", "translations")
        config.setdefault("I18N_DOMAIN", "messages")
        config.setdefault("I18N_LOCALE_SOURCES", LOCALE_SOURCES)
        config.setdefault("I18N_LOCALE_COOKIE", "locale")
        config.setdefault("I18N_TIMEZONE_COOKIE", "timezone")
        self.app = app
        self.default_locale = _parse_locale(config["I18N_DEFAULT_LOCALE"], "I18N_DEFAULT_LOCALE")
        self.default_timezone = _parse_timezone(
            config["I18N_DEFAULT_TIMEZONE"], "I18N_DEFAULT_TIMEZONE"
        )
        root = Path(app.root_path)
        self.domain = Domain(
            [root / d for d in _as_list(config["I18N_TRANSLATION_DIRECTORIES"])],
            config["I18N_DOMAIN"],
        )
        sources = tuple(config["I18N_LOCALE_SOURCES"])
        unknown = set(sources) - set(LOCALE_SOURCES)
        if unknown:
            raise ValueError(
                f"I18N_LOCALE_SOURCES names {sorted(unknown)}, which are not sources of a"
                f" locale. Choose among {list(LOCALE_SOURCES)}."
            )
        self.locale_sources = sources
        configured = _as_list(config["I18N_LOCALES"])
        for name in configured:
            _parse_locale(name, "I18N_LOCALES")
        self._configured_locales = configured
        #: The names of the locales the catalogues offer, once read.
        self._offered: list[str] | None = None
        app.extensions[EXTENSION_KEY] = self
        if self.configure_jinja:
            configure_jinja(app)
        if self.translate_error_pages:
            install_error_pages(app)
        app.add_check(check_catalogues)
        app.cli.add_command(i18n_command)

    def locale_selector(self, f: LocaleSelector) -> LocaleSelector:
        """Register the function that picks a request's locale from what the application
        knows (a user's preference): given the request, a locale name or ``None``. Usable as
        a decorator. It runs at most once per request, when the locale is first needed. Its
        other parameters are filled like a view's by the application's parameter binders: a
        value of :mod:`demijohn.providers` (the signed-in user) is asked for by type."""
        self._locale_selector = f
        self._prepared.pop("locale", None)
        return f

    def timezone_selector(self, f: TimezoneSelector) -> TimezoneSelector:
        """Register the function that picks a request's timezone (``"Europe/Paris"``), or
        ``None`` for the cookie, then the default. Usable as a decorator."""
        self._timezone_selector = f
        self._prepared.pop("timezone", None)
        return f

    def add_domain(
        self,
        blueprint: Blueprint,
        domain: str | None = None,
        directories: str | os.PathLike[str] | cabc.Iterable[str] | None = None,
    ) -> Domain:
        """Give a blueprint its own catalogues: requests to its views, and the templates they
        render, translate with them first and with the application's for what they lack.

        :param blueprint: the blueprint (registered or not yet).
        :param domain: the catalogue name; the blueprint's name by default.
        :param directories: folders of catalogues, relative to the blueprint's root path;
            ``translations`` by default.
        """
        root = Path(blueprint.root_path)
        folders = _as_list(directories) or ["translations"]
        found = Domain([root / d for d in folders], domain or blueprint.name)
        self._blueprint_domains[blueprint.name] = found
        self._offered = None
        return found

    def domains(self) -> list[Domain]:
        """The application's domain, then the blueprints'."""
        return [self.domain, *self._blueprint_domains.values()]

    def localized(self, blueprint: Blueprint | Demijohn, variable: str = "lang_code") -> None:
        """Take the locale from a ``<lang_code>`` URL variable of ``blueprint``'s rules
        (register it with ``url_prefix="/<lang_code>"``): the variable is not passed to the
        views, a code that is not an offered locale answers 404, and ``url_for`` to an
        endpoint that expects the variable fills it with the current locale.

        :param blueprint: the blueprint (or the application) whose rules carry the locale.
        :param variable: the URL variable's name.
        """

        def pull_locale(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
            if values is None or variable not in values:
                return
            code = str(values.pop(variable))
            if code not in self.available_locale_names():
                from demijohn import abort

                abort(404)
            state().url_locale = code

        def add_locale(endpoint: str, values: dict[str, t.Any]) -> None:
            if variable in values or not current_app.url_map.is_endpoint_expecting(
                endpoint, variable
            ):
                return
            values[variable] = str(self.get_locale())

        blueprint.url_value_preprocessor(pull_locale)
        blueprint.url_defaults(add_locale)

    # -- what a request gets ---------------------------------------------------------------

    def available_locales(self) -> list[Locale]:
        """The locales offered: ``I18N_LOCALES``, else those with catalogues and the
        default locale."""
        return [Locale.parse(name) for name in self.available_locale_names()]

    def available_locale_names(self) -> list[str]:
        """The names of :meth:`available_locales`. The catalogue folders are read once (and
        again in debug mode, where catalogues come and go), not at each request."""
        if self._configured_locales:
            return self._configured_locales
        if self._offered is None or self._app().debug:
            names = set(self.domain.locales())
            for domain in self._blueprint_domains.values():
                names.update(domain.locales())
            names.add(str(self.default_locale))
            self._offered = sorted(names)
        return self._offered

    def get_locale(self) -> Locale:
        """The current locale: forced by :meth:`force_locale`, else chosen for the request
        (once), else the default."""
        choice = state()
        if choice.forced and choice.forced[-1][0] is not None:
            return choice.forced[-1][0]
        if choice.locale is None:
            choice.locale = self._select_locale(choice)
        return choice.locale

    def get_timezone(self) -> zoneinfo.ZoneInfo:
        """The current timezone: forced, else chosen for the request (once), else the
        default."""
        choice = state()
        if choice.forced and choice.forced[-1][1] is not None:
            return choice.forced[-1][1]
        if choice.timezone is None:
            choice.timezone = self._select_timezone(choice)
        return choice.timezone

    def get_translations(self) -> NullTranslations:
        """The translations for the current locale and the current blueprint."""
        choice = state()
        if choice.forced and choice.forced[-1][0] is not None:
            return self._translations_for(choice.forced[-1][0], choice.request)
        if choice.translations is None:
            choice.translations = self._translations_for(self.get_locale(), choice.request)
        return choice.translations

    @contextlib.contextmanager
    def force_locale(
        self, locale: str | Locale | None = None, timezone: str | None = None
    ) -> cabc.Iterator[None]:
        """Translate and format in ``locale`` (and ``timezone``) inside the block, whatever
        the request chose: for e-mails to a user in their language, or jobs and commands."""
        forced = (
            None if locale is None else _parse_locale(locale, "force_locale"),
            None if timezone is None else _parse_timezone(timezone, "force_locale"),
        )
        choice = state()
        if choice.forced:
            # What the block does not force stays as an enclosing block forced it.
            outer = choice.forced[-1]
            forced = (forced[0] or outer[0], forced[1] or outer[1])
        choice.forced.append(forced)
        try:
            yield
        finally:
            choice.forced.pop()

    def refresh(self) -> None:
        """Forget the current request's choices, so that the next use chooses again (after
        the user changed their language, for example)."""
        choice = state()
        choice.locale = choice.timezone = choice.translations = None

    # -- choosing --------------------------------------------------------------------------

    def _select_locale(self, choice: Choice) -> Locale:
        req = choice.request
        if req is None:
            return self.default_locale
        available = self.available_locale_names()
        for source in self.locale_sources:
            name: str | Locale | None = None
            if source == "url":
                name = choice.url_locale
            elif source == "selector" and self._locale_selector is not None:
                name = self._call_selector("locale", self._locale_selector, req)
                if isinstance(name, Locale):
                    return name
            elif source == "cookie":
                cookie = req.cookies.get(self.app_config("I18N_LOCALE_COOKIE"))
                if cookie:
                    name = negotiate_locale([cookie.replace("-", "_")], available)
            elif source == "header":
                preferred = [value.replace("-", "_") for value in req.accept_languages.values()]
                name = negotiate_locale(preferred, available) if preferred else None
            if name:
                try:
                    return Locale.parse(name)
                except (ValueError, UnknownLocaleError):
                    continue
        return self.default_locale

    def _select_timezone(self, choice: Choice) -> zoneinfo.ZoneInfo:
        req = choice.request
        if req is None:
            return self.default_timezone
        candidates: list[str | zoneinfo.ZoneInfo | None] = []
        if self._timezone_selector is not None:
            candidates.append(self._call_selector("timezone", self._timezone_selector, req))
        candidates.append(req.cookies.get(self.app_config("I18N_TIMEZONE_COOKIE")))
        for candidate in candidates:
            if isinstance(candidate, zoneinfo.ZoneInfo):
                return candidate
            if candidate:
                try:
                    return zoneinfo.ZoneInfo(candidate)
                except (ValueError, zoneinfo.ZoneInfoNotFoundError):
                    continue
        return self.default_timezone

    def _call_selector(
        self, kind: str, selector: t.Callable[[Request], t.Any], req: Request
    ) -> t.Any:
        """Call a selector with the request, and with what the application's parameter
        binders give its other parameters (a provided user, say), worked out once."""
        prepared = self._prepared.get(kind)
        if prepared is None:
            first = next(iter(inspect.signature(selector).parameters), None)
            prepared = self._prepared[kind] = self._app().bind_parameters(
                selector, selector, skip=() if first is None else (first,)
            )
        return prepared(req)

    def _translations_for(self, locale: Locale, req: Request | None) -> NullTranslations:
        reload = self._app().debug
        base = self.domain.translations(locale, reload=reload)
        blueprint_domain = None
        if req is not None and self._blueprint_domains:
            for name in req.blueprints:
                blueprint_domain = self._blueprint_domains.get(name)
                if blueprint_domain is not None:
                    break
        if blueprint_domain is None:
            return base
        own = blueprint_domain.translations(locale, reload=reload)
        key = (blueprint_domain.domain, str(locale))
        cached = self._chains.get(key)
        if cached is not None and cached[0] is own and cached[1] is base:
            return cached[2]
        chain = blueprint_domain.load(locale)
        chain.add_fallback(base)
        self._chains[key] = (own, base, chain)
        return chain

    def _app(self) -> Demijohn:
        if self.app is None:
            raise RuntimeError(
                "This I18n was not set up for an application: pass the application to I18n()"
                " or call init_app(app) first."
            )
        return self.app

    def app_config(self, key: str) -> t.Any:
        """The value of a configuration key of the application."""
        return self._app().config[key]


def _parse_locale(value: str | Locale, setting: str) -> Locale:
    if isinstance(value, Locale):
        return value
    try:
        return Locale.parse(str(value).replace("-", "_"))
    except (ValueError, UnknownLocaleError) as e:
        raise ValueError(
            f"{setting}: {value!r} is not a locale Babel knows ({e}). Use a code such as"
            " 'en', 'de' or 'pt_BR'."
        ) from None


def _parse_timezone(value: str | zoneinfo.ZoneInfo, setting: str) -> zoneinfo.ZoneInfo:
    if isinstance(value, zoneinfo.ZoneInfo):
        return value
    try:
        return zoneinfo.ZoneInfo(str(value))
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise ValueError(
            f"{setting}: {value!r} is not a timezone of the IANA database. Use a name such as"
            " 'UTC' or 'Europe/Berlin'."
        ) from None


def force_locale(
    locale: str | Locale | None = None, timezone: str | None = None
) -> contextlib.AbstractContextManager[None]:
    """Translate and format in ``locale`` (and ``timezone``) inside a ``with`` block (see
    :meth:`I18n.force_locale`)."""
    return current().force_locale(locale, timezone)


def refresh() -> None:
    """Choose the locale and timezone again at next use (see :meth:`I18n.refresh`)."""
    current().refresh()
