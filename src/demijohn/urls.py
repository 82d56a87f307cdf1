"""One module that lists every URL of a large application: :class:`URLs`.

A :class:`URLs` object collects rules whose views are named by import string, with endpoint
names taken from the module path (``"shop.orders.views:show"`` is ``"orders.views.show"``, so
two ``show`` views in two modules never collide), and blueprints included by import string,
which are imported and registered the first time something needs them: a request under their
URL prefix, a URL built for one of their endpoints, or the checks. :meth:`URLs.init_app` puts it
all on the application; nothing is imported then.

The module is new API for demijohn applications; Flask's ``add_url_rule`` and
``register_blueprint`` keep their behaviour.

.. versionadded:: 0.1
"""

from __future__ import annotations

import threading
import typing as t
import weakref

from werkzeug.utils import import_string

from .blueprints import Blueprint
from .errors import DemijohnError, SetupError
from .routing import LazyView, URLMap, caller_location
from .scaffold import late_setup

if t.TYPE_CHECKING:
    from .app import Demijohn
    from .typing import RouteCallable

__all__ = ["IncludeError", "LazyInclude", "URLs", "endpoint_for"]


class IncludeError(DemijohnError, ImportError):
    """A blueprint included by import string could not be imported or registered.

    :param import_name: the import string given to :meth:`URLs.include`.
    :param registered_at: where it was included (``file:line``), if known.
    :param problem: what went wrong, why, and what to do.
    :param check: the check that reports it (``urls.include`` or ``urls.endpoint``).
    :param location: the line to look at (``file:line``), when it is not where the blueprint
        was included: the declaration of an endpoint that is taken.
    """

    def __init__(
        self,
        import_name: str,
        registered_at: str | None,
        problem: str,
        check: str,
        location: str | None = None,
    ) -> None:
        self.import_name = import_name
        self.registered_at = registered_at
        self.check = check
        #: The line to look at.
        self.location = location or registered_at
        where = f" (included at {registered_at})" if registered_at else ""
        super().__init__(f"Could not include the blueprint {import_name!r}{where}: {problem}")


def endpoint_for(view: str | t.Callable[..., t.Any], package: str) -> str:
    """The endpoint name :class:`URLs` gives a view: its module path relative to ``package``
    and its name, dotted.

    ``endpoint_for("shop.orders.views:show", "shop")`` is ``"orders.views.show"``;
    a view in ``package`` itself keeps its bare name, and one outside it its full path.

    :param view: an import string, or a function.
    :param package: the package endpoint names are relative to.
    """
    if isinstance(view, str):
        module, _, name = view.replace(":", ".").rpartition(".")
    else:
        module, name = view.__module__, view.__name__
    if module == package:
        return name
    if module.startswith(f"{package}."):
        module = module[len(package) + 1 :]
    return f"{module}.{name}"


class _Entry(t.NamedTuple):
    rule: str
    endpoint: str
    view: str | t.Callable[..., t.Any]
    options: dict[str, t.Any]
    location: str | None


class LazyInclude:
    """A blueprint included by import string: registered on the application the first time it
    is needed (see :class:`~demijohn.routing.URLMap`). Made by :meth:`URLs.init_app`.

    :param app: the application.
    :param import_name: where the blueprint lives (``"shop.catalog:catalog"``).
    :param name: the name it is registered under, which its endpoints start with.
    :param options: the registration options (``url_prefix`` and the others of
        :meth:`~demijohn.Demijohn.register_blueprint`).
    :param registered_at: where it was included, for error messages.
    """

    def __init__(
        self,
        app: Demijohn,
        import_name: str,
        name: str,
        options: dict[str, t.Any],
        registered_at: str | None,
    ) -> None:
        # Weakly: the URL map holds this include, and an application is freed with its last
        # reference, without waiting for the garbage collector to find a cycle.
        self._app = weakref.ref(app)
        self.import_name = import_name
        self.name = name
        self.options = options
        self.registered_at = registered_at
        #: The failure of the first attempt to load it, raised again by later ones.
        self.error: IncludeError | None = None
        self._loaded = False
        self._lock = threading.Lock()

    @property
    def app(self) -> Demijohn:
        """The application the blueprint is included in."""
        return t.cast("Demijohn", self._app())

    @property
    def loaded(self) -> bool:
        """Whether the blueprint is registered."""
        return self._loaded

    def load(self) -> None:
        """Import the blueprint and register it, once (a failure is raised again each time).

        :raises IncludeError: it does not import, is no blueprint, or does not register.
        """
        if self._loaded:
            return
        with self._lock:
            # Another thread may have loaded it while this one waited.
            if not self._loaded:
                self._load()

    def _load(self) -> None:
        error = self.error
        if error is None:
            try:
                self._register(self._import())
            except IncludeError as e:
                error = self.error = e
        if error is not None:
            raise error
        self._loaded = True
        # init_app made sure of the map's class.
        t.cast(URLMap, self.app.url_map).loaded(self)

    def _fail(
        self, problem: str, check: str = "urls.include", location: str | None = None
    ) -> IncludeError:
        return IncludeError(self.import_name, self.registered_at, problem, check, location)

    def _import(self) -> Blueprint:
        try:
            blueprint = import_string(self.import_name.replace(":", "."))
        except Exception as e:
            raise self._fail(
                f"{type(e).__name__}: {e}. Check that the module path and the name are spelled"
                " right, in the form 'package.module:blueprint', and that the module imports"
                " without errors."
            ) from e
        if not isinstance(blueprint, Blueprint):
            raise self._fail(
                f"it names a {type(blueprint).__name__}, not a Blueprint. Name the module-level"
                " variable that holds the blueprint."
            )
        if blueprint.name != self.name and "name" not in self.options:
            raise self._fail(
                f"the blueprint is named {blueprint.name!r}, but its endpoints were expected to"
                f" start with {self.name!r} (the name after the colon). Pass"
                f" name={blueprint.name!r} to include(), or rename the variable."
            )
        return blueprint

    def _register(self, blueprint: Blueprint) -> None:
        app = self.app
        for endpoint, location in _declared_endpoints(blueprint, self.name):
            if endpoint in app.view_functions:
                raise self._fail(
                    f"its endpoint {endpoint!r} (declared at {location}) is taken: the"
                    " application already has a view of that name. Rename one of them, or"
                    " include the blueprint under another name with name=.",
                    "urls.endpoint",
                    location,
                )
        options = {key: value for key, value in self.options.items() if key != "name"}
        try:
            with late_setup():
                app.register_blueprint(blueprint, name=self.name, **options)
        except (SetupError, ValueError, TypeError) as e:
            raise self._fail(f"registering it failed: {e}") from e
        # Error handlers it added for the whole application must be seen by lookups that
        # were cached before.
        app._handlers.clear()

    def __repr__(self) -> str:
        state = "loaded" if self._loaded else "not loaded"
        return f"<LazyInclude {self.import_name!r} ({state})>"


def _declared_endpoints(blueprint: Blueprint, name: str) -> t.Iterator[tuple[str, str | None]]:
    """The full endpoint of each rule ``blueprint`` (registered as ``name``) and its nested
    blueprints will add, with where it was declared."""
    for endpoint, location in blueprint.declared_endpoints:
        yield f"{name}.{endpoint}", location
    for child, options in blueprint._blueprints:
        yield from _declared_endpoints(child, f"{name}.{options.get('name', child.name)}")


class URLs:
    """Every URL of an application in one place: rules whose views are named by import
    string, and blueprints included by import string, none imported until needed.

    .. code-block:: python

        urls = URLs("shop")
        urls.get("/", "shop.pages:index")  # endpoint "pages.index"
        urls.get("/orders/<int:order_id>", "shop.orders.views:show")  # "orders.views.show"
        urls.include("shop.catalog:catalog", url_prefix="/catalog", owns_url_space=True)

        def create_app():
            app = Demijohn("shop")
            urls.init_app(app)
            return app

    :param package: the package endpoint names are relative to (see :func:`endpoint_for`).
        An import string that starts with a dot is relative to it too: ``".pages:index"``.

    .. versionadded:: 0.1
    """

    def __init__(self, package: str) -> None:
        self.package = package
        self._entries: list[_Entry] = []
        self._includes: list[tuple[str, str, dict[str, t.Any], str | None]] = []

    def _absolute(self, import_name: str) -> str:
        if import_name.startswith("."):
            return f"{self.package}{import_name}"
        return import_name

    def add(
        self,
        rule: str,
        view: str | RouteCallable,
        *,
        endpoint: str | None = None,
        **options: t.Any,
    ) -> None:
        """Add a rule whose view is named by import string (or given as a function).

        :param rule: the URL rule, for example ``"/orders/<int:order_id>"``.
        :param view: ``"package.module:function"``, or ``".module:function"`` relative to
            :attr:`package`; a function works too.
        :param endpoint: the endpoint; by default the module path relative to
            :attr:`package` and the function's name, dotted.
        :param options: ``methods`` and the other options of
            :meth:`~demijohn.Demijohn.add_url_rule`.
        """
        if isinstance(view, str):
            view = self._absolute(view)
        if endpoint is None:
            endpoint = endpoint_for(view, self.package)
        self._entries.append(_Entry(rule, endpoint, view, options, caller_location(1)))

    def _method(self, method: str, rule: str, view: str | RouteCallable, **options: t.Any) -> None:
        if "methods" in options:
            raise TypeError(f"'{method.lower()}' sets the method; use 'add' with 'methods='.")
        self.add(rule, view, methods=[method], **options)

    def get(self, rule: str, view: str | RouteCallable, **options: t.Any) -> None:
        """:meth:`add` with ``methods=["GET"]``."""
        self._method("GET", rule, view, **options)

    def post(self, rule: str, view: str | RouteCallable, **options: t.Any) -> None:
        """:meth:`add` with ``methods=["POST"]``."""
        self._method("POST", rule, view, **options)

    def put(self, rule: str, view: str | RouteCallable, **options: t.Any) -> None:
        """:meth:`add` with ``methods=["PUT"]``."""
        self._method("PUT", rule, view, **options)

    def patch(self, rule: str, view: str | RouteCallable, **options: t.Any) -> None:
        """:meth:`add` with ``methods=["PATCH"]``."""
        self._method("PATCH", rule, view, **options)

    def delete(self, rule: str, view: str | RouteCallable, **options: t.Any) -> None:
        """:meth:`add` with ``methods=["DELETE"]``."""
        self._method("DELETE", rule, view, **options)

    def include(self, blueprint: str, *, url_prefix: str, **options: t.Any) -> None:
        """Include a blueprint by import string: it is imported and registered the first time
        a request under ``url_prefix`` comes, a URL is built for one of its endpoints, or the
        checks run (``demijohn check``, ``CHECK_ON_START``). Until then, every URL under the
        prefix belongs to it.

        :param blueprint: ``"package.module:variable"``, or ``".module:variable"`` relative
            to :attr:`package`.
        :param url_prefix: the prefix of its URLs; required, as the blueprint's own is not
            known before it is imported.
        :param options: ``name`` (the name its endpoints start with; the variable's name by
            default), ``subdomain``, ``owns_url_space`` and the other options of
            :meth:`~demijohn.Demijohn.register_blueprint`.
        """
        import_name = self._absolute(blueprint)
        name = options.get("name") or import_name.replace(":", ".").rpartition(".")[2]
        options["url_prefix"] = url_prefix
        self._includes.append((import_name, name, options, caller_location(1)))

    def __iter__(self) -> t.Iterator[tuple[str, str, str | t.Callable[..., t.Any]]]:
        """``(rule, endpoint, view)`` of each rule added, in order."""
        return ((e.rule, e.endpoint, e.view) for e in self._entries)

    def init_app(self, app: Demijohn) -> None:
        """Add the rules and includes to ``app``. Nothing is imported.

        :param app: the application.
        :raises SetupError: two rules give the same endpoint different views (all such
            conflicts are listed), or an endpoint is already the application's.
        """
        self._check_duplicates(app)
        for entry in self._entries:
            view = entry.view
            if isinstance(view, str):
                view = LazyView(view, entry.location)
            app.add_url_rule(entry.rule, entry.endpoint, view, **entry.options)
            for rule in app.url_map.iter_rules(entry.endpoint):
                # The endpoint's dots name modules, not blueprints: the request's blueprint
                # (read from this attribute first) is the application.
                rule._demijohn_blueprint = None  # type: ignore[attr-defined]
        url_map = app.url_map
        for import_name, name, options, location in self._includes:
            if not isinstance(url_map, URLMap):
                raise SetupError(
                    f"Blueprints included by import string need demijohn's URL map, but the"
                    f" application's url_map_class is {type(url_map).__name__}. Derive it from"
                    " demijohn.routing.URLMap."
                )
            include = LazyInclude(app, import_name, name, dict(options), location)
            subdomain = options.get("subdomain")
            url_map.add_include(include, options["url_prefix"], subdomain=subdomain)

    def _check_duplicates(self, app: Demijohn) -> None:
        seen: dict[str, _Entry] = {}
        conflicts = []
        for entry in self._entries:
            first = seen.setdefault(entry.endpoint, entry)
            if first is not entry and _view_key(first.view) != _view_key(entry.view):
                conflicts.append(
                    f"  {entry.location}: {entry.endpoint!r} names {entry.view!r}, but"
                    f" {first.location} gave it {first.view!r}"
                )
            elif first is entry and entry.endpoint in app.view_functions:
                conflicts.append(
                    f"  {entry.location}: {entry.endpoint!r} is already an endpoint of the"
                    " application"
                )
        if conflicts:
            raise SetupError(
                "Two views cannot share an endpoint, as URLs are built from endpoints:\n"
                + "\n".join(conflicts)
                + "\nGive one of each pair another endpoint with endpoint=."
            )


def _view_key(view: str | t.Callable[..., t.Any]) -> object:
    return view.replace(":", ".") if isinstance(view, str) else view
