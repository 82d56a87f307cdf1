"""Blueprints: groups of routes, hooks and handlers that own a part of the URL space and are
registered on an application (or on another blueprint) later, possibly more than once.

A blueprint records what it is given. :meth:`Blueprint.register` replays the records onto the
application, with the blueprint's dotted name as the scope of every hook and the prefix of every
endpoint.
"""

from __future__ import annotations

import os
import typing as t
from collections import defaultdict

from .errors import SetupError
from .routing import LazyView, URLSpaces, caller_location, check_request_variable
from .scaffold import Scaffold, _endpoint_from_view_func, _sentinel, setupmethod
from .templating.app import register_named

if t.TYPE_CHECKING:
    from .app import Demijohn
    from .templating.app import T_template_filter, T_template_global, T_template_test
    from .typing import (
        AfterRequestCallable,
        BeforeRequestCallable,
        ErrorHandlerCallable,
        RouteCallable,
        TeardownCallable,
        TemplateContextProcessorCallable,
        TemplateFilterCallable,
        TemplateGlobalCallable,
        TemplateTestCallable,
        URLDefaultCallable,
        URLValuePreprocessorCallable,
    )

DeferredSetupFunction = t.Callable[["BlueprintSetupState"], None]
F = t.TypeVar("F", bound=t.Callable[..., t.Any])
T = t.TypeVar("T", bound=t.Callable[..., t.Any])


class BlueprintSetupState:
    """What a deferred setup function learns about one registration of a blueprint.

    :param blueprint: the blueprint being registered.
    :param app: the application it is registered on.
    :param options: the registration options, merged with the parents'.
    :param first_registration: whether this blueprint was not registered before.
    """

    def __init__(
        self,
        blueprint: Blueprint,
        app: Demijohn,
        options: t.Any,
        first_registration: bool,
    ) -> None:
        self.app = app
        self.blueprint = blueprint
        self.options = options
        self.first_registration = first_registration

        subdomain = self.options.get("subdomain")
        if subdomain is None:
            subdomain = self.blueprint.subdomain
        #: The subdomain the blueprint's routes match, or ``None``.
        self.subdomain: str | None = subdomain

        url_prefix = self.options.get("url_prefix")
        if url_prefix is None:
            url_prefix = self.blueprint.url_prefix
        #: The prefix of every route of the blueprint, or ``None``.
        self.url_prefix: str | None = url_prefix

        #: The name the blueprint is registered under (without its parents).
        self.name: str = self.options.get("name", blueprint.name)
        #: The dotted names of the parents, with a trailing dot, or ``""``.
        self.name_prefix: str = self.options.get("name_prefix", "")

        #: Default URL values for every route of the blueprint.
        self.url_defaults: dict[str, t.Any] = dict(self.blueprint.url_values_defaults)
        self.url_defaults.update(self.options.get("url_defaults", ()))

        #: Whether this registration owns its URL prefix and subdomain (see
        #: :class:`Blueprint`'s ``owns_url_space``).
        self.owns_url_space: bool = self.options.get(
            "owns_url_space", self.blueprint.owns_url_space
        )

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: RouteCallable | str | None = None,
        **options: t.Any,
    ) -> None:
        """Add a rule to the application with this registration's prefix, subdomain,
        defaults and dotted endpoint name.

        :param rule: the rule, relative to the blueprint's prefix.
        :param endpoint: the endpoint, without the blueprint's name.
        :param view_func: the view, or an import string naming it.
        :param options: as for :meth:`demijohn.Demijohn.add_url_rule`.
        """
        if self.url_prefix is not None:
            if rule:
                rule = "/".join((self.url_prefix.rstrip("/"), rule.lstrip("/")))
            else:
                rule = self.url_prefix
        options.setdefault("subdomain", self.subdomain)
        if endpoint is None:
            endpoint = _endpoint_from_view_func(view_func)  # type: ignore[arg-type]
        defaults = self.url_defaults
        if "defaults" in options:
            defaults = dict(defaults, **options.pop("defaults"))
        self.app.add_url_rule(
            rule,
            f"{self.name_prefix}.{self.name}.{endpoint}".lstrip("."),
            view_func,
            defaults=defaults,
            **options,
        )


class Blueprint(Scaffold):
    """A group of routes, hooks, handlers, templates and static files, registered on an
    application with :meth:`~demijohn.Demijohn.register_blueprint`.

    Its endpoints are prefixed with its name (``"admin.index"``); nested blueprints give dotted
    names (``"admin.users.index"``). Its hooks apply only to its own requests; the ``app_*``
    variants apply to the whole application.

    :param name: the blueprint's name; no dots.
    :param import_name: usually ``__name__``; locates the blueprint's folders.
    :param static_folder: a folder of static files served under the blueprint's prefix.
    :param static_url_path: the URL of the static route.
    :param template_folder: a folder of templates searched after the application's.
    :param url_prefix: a path prefix for every route.
    :param subdomain: a subdomain for every route.
    :param url_defaults: default URL values for every route.
    :param root_path: the blueprint's folder, when ``import_name`` cannot locate it.
    :param cli_group: the name of the blueprint's CLI group; ``None`` merges its commands
        into the application's.
    :param owns_url_space: the blueprint owns its URL prefix (and subdomain): a request under
        it that matches no rule gets the blueprint's 404 handler, and one whose method no rule
        there allows gets its 405 handler (with ``Allow`` set), instead of the application's.
        Nested blueprints: the innermost owner wins. Off by default, as in Flask, where only
        the blueprint's own views reach its handlers.

    .. versionchanged:: 0.1
        Added ``owns_url_space``.
    """

    _got_registered_once = False

    def __init__(
        self,
        name: str,
        import_name: str,
        static_folder: str | os.PathLike[str] | None = None,
        static_url_path: str | None = None,
        template_folder: str | os.PathLike[str] | None = None,
        url_prefix: str | None = None,
        subdomain: str | None = None,
        url_defaults: dict[str, t.Any] | None = None,
        root_path: str | None = None,
        cli_group: str | None = _sentinel,  # type: ignore[assignment]
        owns_url_space: bool = False,
    ) -> None:
        super().__init__(
            import_name=import_name,
            static_folder=static_folder,
            static_url_path=static_url_path,
            template_folder=template_folder,
            root_path=root_path,
        )
        if not name:
            raise ValueError("A blueprint's name must not be empty.")
        if "." in name:
            raise ValueError(
                f"The blueprint name {name!r} contains a dot. Dots separate nested blueprints"
                " in endpoint names; use an underscore instead."
            )
        self.name = name
        self.url_prefix = url_prefix
        self.subdomain = subdomain
        self.deferred_functions: list[DeferredSetupFunction] = []
        self.url_values_defaults: dict[str, t.Any] = url_defaults or {}
        self.cli_group = cli_group
        self.owns_url_space = owns_url_space
        #: The endpoint of each rule with a view, without the blueprint's name, and where
        #: the view was declared (``file:line``), for the checks.
        self.declared_endpoints: list[tuple[str, str | None]] = []
        self._blueprints: list[tuple[Blueprint, dict[str, t.Any]]] = []

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    def _check_setup_finished(self, f_name: str) -> None:
        if self._got_registered_once:
            raise SetupError(
                f"The setup method '{f_name}' can no longer be called on the blueprint"
                f" '{self.name}'. It has already been registered at least once, and changes"
                " made now would not apply to earlier registrations.\nMake sure all imports,"
                " decorators, functions, etc. needed to set up the blueprint are done before"
                " registering it."
            )

    @setupmethod
    def record(self, func: DeferredSetupFunction) -> None:
        """Call ``func(state)`` each time the blueprint is registered, with the
        :class:`BlueprintSetupState` of that registration."""
        self.deferred_functions.append(func)

    @setupmethod
    def record_once(self, func: DeferredSetupFunction) -> None:
        """Like :meth:`record`, but only on the blueprint's first registration."""

        def wrapper(state: BlueprintSetupState) -> None:
            if state.first_registration:
                func(state)

        self.record(wrapper)

    def make_setup_state(
        self, app: Demijohn, options: dict[str, t.Any], first_registration: bool = False
    ) -> BlueprintSetupState:
        """Create the :class:`BlueprintSetupState` for one registration."""
        return BlueprintSetupState(self, app, options, first_registration)

    @setupmethod
    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Nest ``blueprint`` in this one: registering this blueprint registers it too, with
        its name and URL prefix joined to this one's.

        :param blueprint: the child blueprint.
        :param options: as for :meth:`demijohn.Demijohn.register_blueprint`.
        """
        if blueprint is self:
            raise ValueError("A blueprint cannot be registered on itself.")
        self._blueprints.append((blueprint, options))

    def register(self, app: Demijohn, options: dict[str, t.Any]) -> None:
        """Register this blueprint on ``app``; called by
        :meth:`~demijohn.Demijohn.register_blueprint`.

        :param app: the application.
        :param options: the registration options.
        """
        name_prefix = options.get("name_prefix", "")
        self_name = options.get("name", self.name)
        name = f"{name_prefix}.{self_name}".lstrip(".")
        if name in app.blueprints:
            bp_desc = "this" if app.blueprints[name] is self else "a different"
            existing_at = f" '{name}'" if self_name != name else ""
            raise ValueError(
                f"The name '{self_name}' is already registered for {bp_desc} blueprint"
                f"{existing_at}. Use 'name=' to give this registration a unique name."
            )
        first_bp_registration = not any(bp is self for bp in app.blueprints.values())
        first_name_registration = name not in app.blueprints
        app.blueprints[name] = self
        self._got_registered_once = True
        state = self.make_setup_state(app, options, first_bp_registration)
        if state.owns_url_space:
            _own_url_space(app, state, name)
        if self.has_static_folder:
            state.add_url_rule(
                f"{self.static_url_path}/<path:filename>",
                view_func=self.send_static_file,
                endpoint="static",
            )
        if first_bp_registration or first_name_registration:
            self._merge_registries(app, name)
        for deferred in self.deferred_functions:
            deferred(state)
        self._register_cli(app, options, name)
        self._register_children(app, state, options, name)

    def _merge_registries(self, app: Demijohn, name: str) -> None:
        """Copy this blueprint's hooks and handlers into the app under the scope ``name``."""

        def extend(
            bp_dict: dict[t.Any, list[t.Any]], parent_dict: dict[t.Any, list[t.Any]]
        ) -> None:
            for key, values in bp_dict.items():
                key = name if key is None else f"{name}.{key}"
                parent_dict[key].extend(values)

        for key, value in self.error_handler_spec.items():
            key = name if key is None else f"{name}.{key}"
            value = defaultdict(dict, {code: dict(handlers) for code, handlers in value.items()})
            app.error_handler_spec[key] = value
        for endpoint, func in self.view_functions.items():
            app.view_functions[endpoint] = func
        extend(self.before_request_funcs, app.before_request_funcs)
        extend(self.after_request_funcs, app.after_request_funcs)
        extend(self.teardown_request_funcs, app.teardown_request_funcs)
        extend(self.url_default_functions, app.url_default_functions)
        extend(self.url_value_preprocessors, app.url_value_preprocessors)
        extend(self.template_context_processors, app.template_context_processors)

    def _register_cli(self, app: Demijohn, options: dict[str, t.Any], name: str) -> None:
        # Registration renames the group after the name or ``cli_group`` it is mounted under.
        if "cli" not in self.__dict__ or not self.cli.commands:
            # No group made (so no commands), or an empty one: nothing to mount.
            return
        cli_resolved_group = options.get("cli_group", self.cli_group)
        if cli_resolved_group is None:
            app.cli.commands.update(self.cli.commands)
        elif cli_resolved_group is _sentinel:
            self.cli.name = name
            app.cli.add_command(self.cli)
        else:
            self.cli.name = cli_resolved_group
            app.cli.add_command(self.cli)

    def _register_children(
        self,
        app: Demijohn,
        state: BlueprintSetupState,
        options: dict[str, t.Any],
        name: str,
    ) -> None:
        for blueprint, bp_options in self._blueprints:
            bp_options = bp_options.copy()
            bp_url_prefix = bp_options.get("url_prefix")
            bp_subdomain = bp_options.get("subdomain")
            if bp_subdomain is None:
                bp_subdomain = blueprint.subdomain
            if state.subdomain is not None and bp_subdomain is not None:
                bp_options["subdomain"] = f"{bp_subdomain}.{state.subdomain}"
            elif bp_subdomain is not None:
                bp_options["subdomain"] = bp_subdomain
            elif state.subdomain is not None:
                bp_options["subdomain"] = state.subdomain
            if bp_url_prefix is None:
                bp_url_prefix = blueprint.url_prefix
            if state.url_prefix is not None and bp_url_prefix is not None:
                bp_options["url_prefix"] = (
                    state.url_prefix.rstrip("/") + "/" + bp_url_prefix.lstrip("/")
                )
            elif bp_url_prefix is not None:
                bp_options["url_prefix"] = bp_url_prefix
            elif state.url_prefix is not None:
                bp_options["url_prefix"] = state.url_prefix
            bp_options["name_prefix"] = name
            blueprint.register(app, bp_options)

    # -- routes -----------------------------------------------------------------------------

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: RouteCallable | str | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Record a URL rule, added to the application, under the blueprint's prefix and
        name, each time the blueprint is registered. ``view_func`` may be an import string
        (see :meth:`demijohn.Demijohn.add_url_rule`).
        """
        if endpoint and "." in endpoint:
            raise ValueError(
                f"The endpoint {endpoint!r} contains a dot. The blueprint's name is added as a"
                " prefix automatically; give the name alone."
            )
        # Checked again when the blueprint is registered; refused here already, where the
        # rule is written.
        check_request_variable(rule, options.get("defaults"))
        if isinstance(view_func, str):
            view_func = LazyView(view_func, caller_location(1))
        if view_func and hasattr(view_func, "__name__") and "." in view_func.__name__:
            raise ValueError(
                f"The view function name {view_func.__name__!r} contains a dot. Dots separate"
                " blueprint names in endpoints; rename the function."
            )
        declared = endpoint or getattr(view_func, "__name__", None)
        if declared is not None and view_func is not None:
            # Only recorded: a rule without an endpoint fails at registration, as in Flask.
            self.declared_endpoints.append((declared, _declared_at(view_func)))
        self.record(
            lambda s: s.add_url_rule(
                rule,
                endpoint,
                view_func,
                provide_automatic_options=provide_automatic_options,
                **options,
            )
        )

    # -- application-wide hooks -------------------------------------------------------------

    def _app_hook(self, f: T, register: t.Callable[[Demijohn], t.Any]) -> T:
        self.record_once(lambda s: register(s.app))
        return f

    @setupmethod
    def before_app_request(self, f: BeforeRequestCallable) -> BeforeRequestCallable:
        """Like :meth:`before_request`, for every request of the application."""
        return self._app_hook(f, lambda app: app.before_request_funcs[None].append(f))

    @setupmethod
    def after_app_request(self, f: AfterRequestCallable[t.Any]) -> AfterRequestCallable[t.Any]:
        """Like :meth:`after_request`, for every request of the application."""
        return self._app_hook(f, lambda app: app.after_request_funcs[None].append(f))

    @setupmethod
    def teardown_app_request(self, f: TeardownCallable) -> TeardownCallable:
        """Like :meth:`teardown_request`, for every request of the application."""
        return self._app_hook(f, lambda app: app.teardown_request_funcs[None].append(f))

    @setupmethod
    def app_context_processor(
        self, f: TemplateContextProcessorCallable
    ) -> TemplateContextProcessorCallable:
        """Like :meth:`context_processor`, for every template of the application."""
        return self._app_hook(f, lambda app: app.template_context_processors[None].append(f))

    @setupmethod
    def app_errorhandler(
        self, code: type[Exception] | int
    ) -> t.Callable[[ErrorHandlerCallable], ErrorHandlerCallable]:
        """Like :meth:`errorhandler`, for errors anywhere in the application."""

        def decorator(f: ErrorHandlerCallable) -> ErrorHandlerCallable:
            return self._app_hook(f, lambda app: app.errorhandler(code)(f))

        return decorator

    @setupmethod
    def app_url_value_preprocessor(
        self, f: URLValuePreprocessorCallable
    ) -> URLValuePreprocessorCallable:
        """Like :meth:`url_value_preprocessor`, for every request of the application."""
        return self._app_hook(f, lambda app: app.url_value_preprocessors[None].append(f))

    @setupmethod
    def app_url_defaults(self, f: URLDefaultCallable) -> URLDefaultCallable:
        """Like :meth:`url_defaults`, for every URL the application builds."""
        return self._app_hook(f, lambda app: app.url_default_functions[None].append(f))

    # -- application-wide template filters, tests and globals -------------------------------

    @t.overload
    def app_template_filter(self, name: T_template_filter) -> T_template_filter: ...
    @t.overload
    def app_template_filter(
        self, name: str | None = None
    ) -> t.Callable[[T_template_filter], T_template_filter]: ...
    @setupmethod
    def app_template_filter(
        self, name: T_template_filter | str | None = None
    ) -> T_template_filter | t.Callable[[T_template_filter], T_template_filter]:
        """Like :meth:`Demijohn.template_filter <demijohn.Demijohn.template_filter>`: the
        filter is available in every template of the application. Use it with or without a
        name.

        :param name: the filter's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        return register_named(self.add_app_template_filter, name)

    @setupmethod
    def add_app_template_filter(self, f: TemplateFilterCallable, name: str | None = None) -> None:
        """Register ``f`` as a filter of the application's templates when the blueprint is
        registered; the non-decorator form of :meth:`app_template_filter`.

        :param f: the filter function.
        :param name: the filter's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        self._app_hook(f, lambda app: app.add_template_filter(f, name=name))

    @t.overload
    def app_template_test(self, name: T_template_test) -> T_template_test: ...
    @t.overload
    def app_template_test(
        self, name: str | None = None
    ) -> t.Callable[[T_template_test], T_template_test]: ...
    @setupmethod
    def app_template_test(
        self, name: T_template_test | str | None = None
    ) -> T_template_test | t.Callable[[T_template_test], T_template_test]:
        """Like :meth:`Demijohn.template_test <demijohn.Demijohn.template_test>`: the test is
        available in every template of the application. Use it with or without a name.

        :param name: the test's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        return register_named(self.add_app_template_test, name)

    @setupmethod
    def add_app_template_test(self, f: TemplateTestCallable, name: str | None = None) -> None:
        """Register ``f`` as a test of the application's templates when the blueprint is
        registered; the non-decorator form of :meth:`app_template_test`.

        :param f: the test function; it returns a bool.
        :param name: the test's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        self._app_hook(f, lambda app: app.add_template_test(f, name=name))

    @t.overload
    def app_template_global(self, name: T_template_global) -> T_template_global: ...
    @t.overload
    def app_template_global(
        self, name: str | None = None
    ) -> t.Callable[[T_template_global], T_template_global]: ...
    @setupmethod
    def app_template_global(
        self, name: T_template_global | str | None = None
    ) -> T_template_global | t.Callable[[T_template_global], T_template_global]:
        """Like :meth:`Demijohn.template_global <demijohn.Demijohn.template_global>`: the
        global is available in every template of the application. Use it with or without a
        name.

        :param name: the global's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        return register_named(self.add_app_template_global, name)

    @setupmethod
    def add_app_template_global(self, f: TemplateGlobalCallable, name: str | None = None) -> None:
        """Register ``f`` as a global of the application's templates when the blueprint is
        registered; the non-decorator form of :meth:`app_template_global`.

        :param f: the function.
        :param name: the global's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        self._app_hook(f, lambda app: app.add_template_global(f, name=name))


def _own_url_space(app: Demijohn, state: BlueprintSetupState, name: str) -> None:
    """Record on ``app`` that the registration ``name`` owns its prefix and subdomain."""
    if not state.url_prefix and state.subdomain is None:
        raise ValueError(
            f"The blueprint {name!r} is to own its URL space, but it has neither a"
            " 'url_prefix' nor a 'subdomain', so it would own every URL of the application."
            " Give it a prefix or a subdomain, or register the 404 and 405 handlers on the"
            " application instead."
        )
    spaces = app._url_spaces
    if spaces is None:
        spaces = app._url_spaces = URLSpaces(app.url_map.converters, app.url_map.host_matching)
    spaces.add(state.url_prefix, state.subdomain, name)


def _declared_at(view: t.Any) -> str | None:
    """Where a view was declared: the line that named it by import string, or its function's
    first line."""
    if isinstance(view, LazyView):
        return view.registered_at
    code = getattr(view, "__code__", None)
    return f"{code.co_filename}:{code.co_firstlineno}" if code is not None else None
