"""Tests for demijohn.scaffold: what applications and blueprints share. Route decorators and
their method shortcuts, the endpoint decorator, hook decorators, error-handler registration,
the static folder properties, and resources."""

from __future__ import annotations

import importlib
import os
import pathlib
import typing as t
from datetime import timedelta

import pytest
from jinja2 import FileSystemLoader
from werkzeug.exceptions import HTTPException, NotFound

from demijohn import Blueprint, Demijohn, abort, request
from demijohn.errors import SetupError
from demijohn.scaffold import Scaffold
from demijohn.testing import DemijohnClient

METHODS = ["get", "post", "put", "delete", "patch"]


def write_tree(root: pathlib.Path, files: dict[str, str]) -> None:
    """Create ``files`` (relative path to text) under ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    importlib.invalidate_caches()


def method_view() -> str:
    return request.method


# -- routes -----------------------------------------------------------------------------------


def test_route_accepts_methods_in_any_case(app: Demijohn, client: DemijohnClient) -> None:
    assert app.route("/", methods=["get", "Post"])(method_view) is method_view
    assert client.get("/").text == "GET"
    assert client.post("/").text == "POST"
    assert client.put("/").status_code == 405


@pytest.mark.parametrize("on_blueprint", [False, True], ids=["app", "blueprint"])
@pytest.mark.parametrize("method", METHODS)
def test_method_shortcuts_allow_only_their_method(
    app: Demijohn, client: DemijohnClient, method: str, on_blueprint: bool
) -> None:
    scaffold: Demijohn | Blueprint = Blueprint("bp", __name__) if on_blueprint else app
    assert getattr(scaffold, method)("/")(method_view) is method_view
    if on_blueprint:
        app.register_blueprint(t.cast(Blueprint, scaffold))
    assert client.open("/", method=method.upper()).text == method.upper()
    other = "post" if method == "get" else "get"
    assert client.open("/", method=other.upper()).status_code == 405
    assert method.upper() in client.options("/").allow


@pytest.mark.parametrize("method", METHODS)
def test_method_shortcuts_refuse_methods(app: Demijohn, method: str) -> None:
    with pytest.raises(TypeError, match="use 'route'"):
        getattr(app, method)("/", methods=["GET"])


def test_methods_as_a_string_are_refused(app: Demijohn) -> None:
    with pytest.raises(TypeError, match="list of strings"):
        app.route("/", methods="POST")(method_view)


def test_route_endpoint_option(app: Demijohn, client: DemijohnClient) -> None:
    app.route("/", endpoint="home")(lambda: request.endpoint)
    assert client.get("/").text == "home"
    assert "home" in app.view_functions


def test_view_function_names_the_default_endpoint(app: Demijohn) -> None:
    app.add_url_rule("/", view_func=method_view)
    assert app.view_functions["method_view"] is method_view
    # An AssertionError too, as Flask's assert raises.
    with pytest.raises(AssertionError, match="view function or an endpoint"):
        app.add_url_rule("/nothing")
    with pytest.raises(TypeError, match="view function or an endpoint"):
        app.add_url_rule("/nothing")


def test_a_second_view_for_one_endpoint_is_refused(app: Demijohn) -> None:
    app.route("/a", endpoint="same")(method_view)
    app.route("/b", endpoint="same")(method_view)  # the same function again is fine
    with pytest.raises(AssertionError, match="overwriting an existing endpoint function: same"):
        app.route("/c", endpoint="same")(lambda: "other")


def test_endpoint_decorator_supplies_the_view(app: Demijohn, client: DemijohnClient) -> None:
    app.add_url_rule("/thing", endpoint="thing")
    app.add_url_rule("/from-bp", endpoint="bar")

    @app.endpoint("thing")
    def thing() -> str:
        return "thing"

    bp = Blueprint("bp", __name__)
    bp.endpoint("bar")(lambda: f"bar {request.endpoint}")
    app.register_blueprint(bp, url_prefix="/bp")
    assert client.get("/thing").text == "thing"
    assert client.get("/from-bp").text == "bar bar"


def test_setup_methods_are_refused_after_the_first_request(
    app: Demijohn, client: DemijohnClient
) -> None:
    app.route("/")(method_view)
    client.get("/")
    with pytest.raises(SetupError, match="'route' can no longer be called on the application"):
        app.route("/late")(method_view)
    with pytest.raises(SetupError, match="'before_request'"):
        app.before_request(method_view)


def test_a_scaffold_subclass_must_check_setup_and_add_rules() -> None:
    class Bare(Scaffold):
        pass

    with pytest.raises(NotImplementedError):
        Bare("demijohn_test_app").route("/")

    class Recording(Scaffold):
        def _check_setup_finished(self, f_name: str) -> None:
            pass

    with pytest.raises(NotImplementedError):
        Recording("demijohn_test_app").route("/")(method_view)


# -- hooks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decorator", "registry"),
    [
        ("before_request", "before_request_funcs"),
        ("after_request", "after_request_funcs"),
        ("teardown_request", "teardown_request_funcs"),
        ("context_processor", "template_context_processors"),
        ("url_value_preprocessor", "url_value_preprocessors"),
        ("url_defaults", "url_default_functions"),
    ],
)
@pytest.mark.parametrize("on_blueprint", [False, True], ids=["app", "blueprint"])
def test_hook_decorators_record_and_return_the_function(
    app: Demijohn, decorator: str, registry: str, on_blueprint: bool
) -> None:
    scaffold: Demijohn | Blueprint = Blueprint("bp", __name__) if on_blueprint else app

    def hook(*args: t.Any) -> None:
        return None

    assert getattr(scaffold, decorator)(hook) is hook
    # An application's template context processors start with the default one (g, request,
    # session); what is registered comes after it.
    assert getattr(scaffold, registry)[None][-1:] == [hook]
    assert hook not in getattr(scaffold, registry)[None][:-1]


# -- error handlers ---------------------------------------------------------------------------


class AppError(Exception):
    pass


class Teapot(HTTPException):
    code = 418
    description = "short and stout"


def test_errorhandler_by_code_and_class(app: Demijohn, client: DemijohnClient) -> None:
    @app.route("/fail")
    def fail() -> str:
        raise AppError("bad")

    @app.route("/teapot")
    def teapot() -> str:
        raise Teapot()

    @app.errorhandler(404)
    def not_found(e: NotFound) -> tuple[str, int]:
        return f"missing: {e.code}", 404

    def app_error(e: AppError) -> str:
        return f"app error: {e}"

    assert app.errorhandler(AppError)(app_error) is app_error
    app.register_error_handler(Teapot, lambda e: (e.description, e.code))

    response = client.get("/missing")
    assert (response.status_code, response.text) == (404, "missing: 404")
    assert client.get("/fail").text == "app error: bad"
    response = client.get("/teapot")
    assert (response.status_code, response.text) == (418, "short and stout")


def test_code_and_its_class_share_one_handler(app: Demijohn, client: DemijohnClient) -> None:
    app.route("/")(lambda: abort(404))
    app.errorhandler(404)(lambda e: "by code")
    app.errorhandler(NotFound)(lambda e: "by class")
    assert client.get("/").text == "by class"
    assert list(app.error_handler_spec[None][404]) == [NotFound]


@pytest.mark.parametrize("code", [200, 302, 499, 999])
def test_unknown_error_codes_are_refused(app: Demijohn, code: int) -> None:
    with pytest.raises(ValueError, match=f"'{code}' is not a recognized HTTP error code"):
        app.errorhandler(code)(print)
    with pytest.raises(ValueError, match="not a recognized"):
        Blueprint("bp", __name__).register_error_handler(code, print)


def test_exception_instances_are_refused(app: Demijohn) -> None:
    with pytest.raises(TypeError, match="is an instance, not a class"):
        app.register_error_handler(AppError("x"), print)  # type: ignore[arg-type]


def test_classes_that_are_not_exceptions_are_refused(app: Demijohn) -> None:
    class NotAnError:
        pass

    with pytest.raises(ValueError, match="'NotAnError' is not a subclass of Exception"):
        app.register_error_handler(NotAnError, print)  # type: ignore[arg-type]


# -- static folder ----------------------------------------------------------------------------


def test_default_static_folder(app: Demijohn) -> None:
    assert app.static_folder == os.path.join(app.root_path, "static")
    assert app.static_url_path == "/static"
    assert app.has_static_folder
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    assert rules["static"] == "/static/<path:filename>"


def test_without_static_folder(tmp_path: pathlib.Path) -> None:
    app = Demijohn("demijohn_test_app", static_folder=None, root_path=str(tmp_path))
    assert app.static_folder is None
    assert app.static_url_path is None
    assert not app.has_static_folder
    assert "static" not in {rule.endpoint for rule in app.url_map.iter_rules()}
    with app.test_request_context(), pytest.raises(RuntimeError, match="no static folder"):
        app.send_static_file("x.txt")


@pytest.mark.parametrize(
    ("folder", "url_path", "expected_folder", "expected_url_path"),
    [
        ("assets/", None, "assets", "/assets"),
        (pathlib.Path("nested/files"), None, "nested/files", "/files"),
        ("assets", "/public/", "assets", "/public"),
        ("assets", "", "assets", ""),
        (None, "/public", None, "/public"),
    ],
)
def test_static_folder_and_url_path(
    tmp_path: pathlib.Path,
    folder: t.Any,
    url_path: str | None,
    expected_folder: str | None,
    expected_url_path: str | None,
) -> None:
    bp = Blueprint("bp", __name__, static_folder=folder, static_url_path=url_path, root_path="/r")
    expected = None if expected_folder is None else os.path.join("/r", expected_folder)
    assert bp.static_folder == expected
    assert bp.static_url_path == expected_url_path


def test_static_folder_can_be_changed(tmp_path: pathlib.Path) -> None:
    bp = Blueprint("bp", __name__, root_path=str(tmp_path))
    bp.static_folder = "media/"
    assert bp.static_folder == str(tmp_path / "media")
    assert bp.static_url_path == "/media"
    bp.static_folder = tmp_path / "elsewhere"
    assert bp.static_folder == str(tmp_path / "elsewhere")
    bp.static_url_path = "/pub/"
    assert bp.static_url_path == "/pub"


@pytest.mark.parametrize(
    ("max_age", "expected"), [(None, None), (120, 120), (timedelta(hours=1), 3600)]
)
def test_static_files_cache_for_send_file_max_age_default(
    tmp_path: pathlib.Path, max_age: t.Any, expected: int | None
) -> None:
    write_tree(tmp_path, {"static/site.css": "body {}"})
    app = Demijohn("demijohn_test_app", root_path=str(tmp_path))
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = max_age
    response = app.test_client().get("/static/site.css")
    assert response.data == b"body {}"
    assert response.cache_control.max_age == expected
    response.close()


def test_jinja_loader_follows_template_folder(tmp_path: pathlib.Path) -> None:
    bp = Blueprint("bp", __name__, template_folder="templates", root_path=str(tmp_path))
    assert isinstance(bp.jinja_loader, FileSystemLoader)
    assert bp.jinja_loader.searchpath == [str(tmp_path / "templates")]
    assert Blueprint("none", __name__, root_path=str(tmp_path)).jinja_loader is None


# -- resources --------------------------------------------------------------------------------


@pytest.mark.parametrize("on_blueprint", [False, True], ids=["app", "blueprint"])
def test_open_resource_reads(tmp_path: pathlib.Path, on_blueprint: bool) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "utf8.txt").write_bytes("héllo".encode())
    (tmp_path / "data" / "latin.txt").write_bytes("héllo".encode("latin-1"))
    scaffold: Demijohn | Blueprint
    if on_blueprint:
        scaffold = Blueprint("bp", __name__, root_path=str(tmp_path))
    else:
        scaffold = Demijohn("demijohn_test_app", root_path=str(tmp_path))
    with scaffold.open_resource("data/utf8.txt") as f:
        assert f.read() == "héllo".encode()
    for mode in ("r", "rt"):
        with scaffold.open_resource("data/utf8.txt", mode) as f:
            assert f.read() == "héllo"
    with scaffold.open_resource("data/latin.txt", "r", encoding="latin-1") as f:
        assert f.read() == "héllo"


@pytest.mark.parametrize("mode", ["w", "wb", "a", "r+", "rb+", "x"])
def test_open_resource_refuses_writing(tmp_path: pathlib.Path, mode: str) -> None:
    app = Demijohn("demijohn_test_app", root_path=str(tmp_path))
    with pytest.raises(ValueError, match="only reads"):
        app.open_resource("new.txt", mode)
    assert not (tmp_path / "new.txt").exists()


# -- the command group ---------------------------------------------------------------------


def test_the_cli_group_is_made_when_first_used_and_named_after_its_owner() -> None:
    app = Demijohn("demijohn_test_app")
    blueprint = Blueprint("shop", __name__)
    assert "cli" not in vars(app)
    assert "cli" not in vars(blueprint)
    app.register_blueprint(blueprint)
    # Registering a blueprint without commands makes neither group.
    assert "cli" not in vars(app)
    assert "cli" not in vars(blueprint)
    assert app.cli.name == "demijohn_test_app"
    assert blueprint.cli.name == "shop"
    assert app.cli is app.cli


def test_a_cli_group_can_be_replaced() -> None:
    import click

    app = Demijohn("demijohn_test_app")
    group = click.Group("mine")
    app.cli = group  # type: ignore[assignment]
    assert app.cli is group


def test_late_setup_allows_setup_while_serving_in_its_context_only(app: Demijohn) -> None:
    from demijohn.errors import SetupError
    from demijohn.scaffold import late_setup

    app.add_url_rule("/", "index", lambda: "index")
    assert app.test_client().get("/").text == "index"
    with pytest.raises(SetupError, match="can no longer be called"):
        app.add_url_rule("/late", "late", lambda: "late")
    with late_setup():
        app.add_url_rule("/late", "late", lambda: "late")
    with pytest.raises(SetupError):
        app.add_url_rule("/later", "later", lambda: "later")
    assert app.test_client().get("/late").text == "late"
