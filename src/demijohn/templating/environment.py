"""The application's Jinja environment and the loader that searches the application's and the
blueprints' template folders, with the errors that say where it searched.
"""

from __future__ import annotations

import os
import typing as t

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    Template,
    TemplateNotFound,
    TemplatesNotFound,
)
from jinja2 import Environment as BaseEnvironment

from ..globals import _cv_app, _cv_request

if t.TYPE_CHECKING:
    from ..app import Demijohn
    from ..scaffold import Scaffold

__all__ = [
    "DispatchingJinjaLoader",
    "Environment",
    "TemplateNotFoundError",
    "TemplatesNotFoundError",
]

#: What a loader's ``get_source`` returns: the source, the file name, and an up-to-date check.
TemplateSource = tuple[str, "str | None", "t.Callable[[], bool] | None"]


def _default_template_ctx_processor() -> dict[str, t.Any]:
    """Put ``g`` in every template's context, and ``request`` while a request is handled. It
    is the first context processor of every application.

    ``session`` stays the environment's global proxy, so that only a template that uses it
    marks the session accessed (and adds ``Vary: Cookie``).
    """
    rv: dict[str, t.Any] = {}
    app_ctx = _cv_app.get(None)
    if app_ctx is not None:
        rv["g"] = app_ctx.g
    req_ctx = _cv_request.get(None)
    if req_ctx is not None:
        rv["request"] = req_ctx.request
    return rv


class Environment(BaseEnvironment):
    """The Jinja environment of an application: a :class:`jinja2.Environment` that knows its
    application and, unless given another loader, loads templates through
    :meth:`~demijohn.Demijohn.create_global_jinja_loader`.

    Replace it through :attr:`Demijohn.jinja_environment <demijohn.Demijohn.jinja_environment>`.

    :param app: the application.
    :param options: options of :class:`jinja2.Environment`.

    .. versionadded:: 0.1
    """

    def __init__(self, app: Demijohn, **options: t.Any) -> None:
        if "loader" not in options:
            options["loader"] = app.create_global_jinja_loader()
        super().__init__(**options)
        #: The application this environment belongs to.
        self.app = app

    def select_template(
        self,
        names: t.Iterable[str | Template],
        parent: str | None = None,
        globals: t.MutableMapping[str, t.Any] | None = None,
    ) -> Template:
        """Load the first of ``names`` that exists, as :class:`jinja2.Environment` does; when
        none does, the error also says where they were looked for.

        :param names: template names (or templates) to try in order.
        :param parent: the name of the template that imports this one.
        :param globals: extra globals for the template.
        :raises jinja2.TemplatesNotFound: when none of the templates exists.
        """
        try:
            return super().select_template(names, parent, globals)
        except TemplatesNotFound as e:
            if not isinstance(self.loader, DispatchingJinjaLoader):
                raise
            # Only names reach the error: a Template among ``names`` would have been returned.
            templates = t.cast("list[str]", e.templates)
            raise TemplatesNotFoundError(templates, self.loader) from None


class _ExplainsSearch:
    """What the two errors below share: their message ends with where templates are looked
    for, worked out when the message is first read. A miss that is caught (a fallback in a
    list of names, an ``{% include ... ignore missing %}``) costs nothing more than before."""

    _loader: DispatchingJinjaLoader
    _summary: str | None
    _explained: str | None = None

    @property
    def message(self) -> str | None:
        if self._explained is None:
            self._explained = f"{self._summary}. {self._loader.describe_search()}"
        return self._explained

    @message.setter
    def message(self, value: str | None) -> None:
        # Set by jinja's constructor: the short message, without the search.
        self._summary = value
        self._explained = None


class TemplateNotFoundError(_ExplainsSearch, TemplateNotFound):
    """A template that no loader of the application found: :exc:`jinja2.TemplateNotFound`
    whose message also lists the folders that were searched, in order.

    :param name: the template's name.
    :param loader: the application's loader, which describes the search.

    .. versionadded:: 0.1
    """

    def __init__(self, name: str, loader: DispatchingJinjaLoader) -> None:
        self._loader = loader
        super().__init__(name, f"The template {name!r} was not found")


class TemplatesNotFoundError(_ExplainsSearch, TemplatesNotFound):
    """None of a list of templates was found: :exc:`jinja2.TemplatesNotFound` whose message
    also lists the folders that were searched, in order.

    :param names: the templates' names.
    :param loader: the application's loader, which describes the search.

    .. versionadded:: 0.1
    """

    def __init__(self, names: t.Sequence[str], loader: DispatchingJinjaLoader) -> None:
        self._loader = loader
        super().__init__(names)


class DispatchingJinjaLoader(BaseLoader):
    """The loader of the application's environment: it asks the application's loader first,
    then the loader of each blueprint in registration order, and returns the first match.

    With ``EXPLAIN_TEMPLATE_LOADING`` on, every loader is asked and what each one found is
    logged (see :func:`~demijohn.debughelpers.explain_template_loading_attempts`).

    :param app: the application.

    .. versionadded:: 0.1
    """

    def __init__(self, app: Demijohn) -> None:
        self.app = app

    def get_source(self, environment: BaseEnvironment, template: str) -> TemplateSource:
        """Find ``template`` and return its source, file name and up-to-date check.

        :param environment: the environment loading the template.
        :param template: the template's name.
        :raises jinja2.TemplateNotFound: when no loader has it.
        """
        if self.app.config["EXPLAIN_TEMPLATE_LOADING"]:
            return self._get_source_explained(environment, template)
        for _owner, loader in self._iter_loaders():
            try:
                return loader.get_source(environment, template)
            except TemplateNotFound:
                continue
        raise TemplateNotFoundError(template, self)

    def _get_source_explained(self, environment: BaseEnvironment, template: str) -> TemplateSource:
        """Ask every loader, log the attempts, and return the first match."""
        from ..debughelpers import explain_template_loading_attempts

        attempts: list[tuple[BaseLoader, Scaffold, TemplateSource | None]] = []
        first: TemplateSource | None = None
        for owner, loader in self._iter_loaders():
            try:
                rv: TemplateSource | None = loader.get_source(environment, template)
            except TemplateNotFound:
                rv = None
            if first is None:
                first = rv
            attempts.append((loader, owner, rv))
        explain_template_loading_attempts(self.app, template, attempts)
        if first is None:
            raise TemplateNotFoundError(template, self)
        return first

    def describe_search(self) -> str:
        """Say where templates are looked for: each loader in the order it is asked, with its
        folders, and what to do about a template that is not there. The text of the
        :exc:`~jinja2.TemplateNotFound` errors this loader raises.
        """
        places = [
            f"  - {_describe_owner(owner, self.app)}: {where}"
            for owner, loader in self._iter_loaders()
            for where in _loader_places(loader)
        ]
        if not places:
            return (
                "Neither the application nor any blueprint has a template folder. Create a"
                " 'templates' folder next to the application's module, or pass"
                " 'template_folder=' to the application or a blueprint."
            )
        return (
            "Templates are looked for in these places, in order:\n"
            + "\n".join(places)
            + "\nPut the template in one of these folders, or correct its name: names are"
            " relative to the folders, so a blueprint's templates are usually in a subfolder"
            " named after the blueprint and rendered as '<blueprint>/<name>'. Set"
            " EXPLAIN_TEMPLATE_LOADING = True to log every attempt."
        )

    def _iter_loaders(self) -> t.Iterator[tuple[Scaffold, BaseLoader]]:
        """The application's loader, then each blueprint's, skipping those without one."""
        owners: t.Iterable[Scaffold] = (self.app, *self.app.iter_blueprints())
        for owner in owners:
            loader = owner.jinja_loader
            if loader is not None:
                yield owner, loader

    def list_templates(self) -> list[str]:
        """The names of all templates the application's and the blueprints' loaders know."""
        names: set[str] = set()
        for _owner, loader in self._iter_loaders():
            names.update(loader.list_templates())
        return list(names)


def _describe_owner(owner: Scaffold, app: Demijohn) -> str:
    if owner is app:
        return f"the application {app.name!r}"
    return f"the blueprint {getattr(owner, 'name', owner)!r}"


def _loader_places(loader: BaseLoader) -> list[str]:
    """Where a loader looks for templates, one line for each folder (or for the loader itself
    when it has none), for the message of a template that was not found."""
    if isinstance(loader, FileSystemLoader):
        return [
            folder if os.path.isdir(folder) else f"{folder} (the folder does not exist)"
            for folder in loader.searchpath
        ]
    if isinstance(loader, PackageLoader):
        return [f"the folder {loader.package_path!r} of the package {loader.package_name!r}"]
    if isinstance(loader, ChoiceLoader):
        return [place for inner in loader.loaders for place in _loader_places(inner)]
    if isinstance(loader, PrefixLoader):
        return [
            f"names starting with '{prefix}{loader.delimiter}': {place}"
            for prefix, inner in loader.mapping.items()
            for place in _loader_places(inner)
        ]
    cls = type(loader)
    return [f"a {cls.__module__}.{cls.__qualname__}, which has no folders"]
