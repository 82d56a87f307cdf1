"""Tests for demijohn.checks and ``demijohn check``: one application with one mistake of each
kind, all reported in one run with the file and line to look at; a clean application passes."""

from __future__ import annotations

import importlib
import sys
import typing as t
from pathlib import Path

import pytest
from click.testing import CliRunner

from demijohn import Demijohn
from demijohn.checks import Problem, run_checks
from demijohn.cli import ScriptInfo, cli

VIEWS = """\
from demijohn import render_template


def item(item_id):
    return render_template("item.html", item_id=item_id)


def needs_more(item_id, colour):
    return "never"


def takes_less():
    return render_template("missing.html")


def listing(page=1):
    return render_template(["a.html", "b.html"])


def dynamic(name):
    return render_template(name)
"""

CATALOG = """\
from demijohn import Blueprint

catalog = Blueprint("catalog", __name__)


@catalog.get("/<int:item_id>")
def item(item_id):
    return str(item_id)
"""

ADMIN = """\
from demijohn import Blueprint

admin = Blueprint("admin", __name__)


@admin.get("/")
def index():
    return "admin"


def report():
    return "report"
"""

APP = """\
from demijohn import Demijohn
from demijohn.urls import URLs

from . import views
from .admin import admin

app = Demijohn(__name__)
urls = URLs(__name__)
urls.include(".catalogue:catalog", url_prefix="/catalogue")
urls.include(".catalog:catalog", url_prefix="/catalog")
urls.get("/report", ".admin:report")
urls.init_app(app)
app.register_blueprint(admin, url_prefix="/admin")
app.add_url_rule("/old/<int:item_id>", "catalog.item", views.item)
app.add_url_rule("/item/<int:item_id>", view_func=views.item)
app.add_url_rule("/more/<int:item_id>", view_func=views.needs_more)
app.add_url_rule("/less/<int:item_id>", view_func=views.takes_less)
app.add_url_rule("/list", view_func=views.listing)
app.add_url_rule("/dynamic/<name>", view_func=views.dynamic)
app.add_url_rule("/typo", "typo", "planted.vews:item")


@app.before_request
def before(extra):
    pass


@app.errorhandler(404)
def not_found():
    return "gone", 404


@app.after_request
def after(response, request):
    return response
"""


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[Demijohn]:
    package = tmp_path / "planted"
    (package / "templates").mkdir(parents=True)
    (package / "templates" / "item.html").write_text("{{ item_id }}")
    (package / "__init__.py").write_text(APP)
    (package / "views.py").write_text(VIEWS)
    (package / "catalog.py").write_text(CATALOG)
    (package / "admin.py").write_text(ADMIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    module = importlib.import_module("planted")
    yield module.app
    for name in [n for n in sys.modules if n == "planted" or n.startswith("planted.")]:
        del sys.modules[name]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_every_kind_of_mistake_is_found_in_one_run(planted: Demijohn) -> None:
    package = Path(planted.root_path)
    views, app_file = package / "views.py", package / "__init__.py"
    catalog = package / "catalog.py"
    problems = planted.run_checks()
    found = {(p.check, p.location) for p in problems}
    assert found == {
        ("urls.include", f"{app_file}:{line_of(app_file, '.catalogue:catalog')}"),
        ("urls.endpoint", f"{catalog}:{line_of(catalog, '@catalog.get')}"),
        ("urls.endpoint", f"{app_file}:{line_of(app_file, '.admin:report')}"),
        ("views.import", f"{app_file}:{line_of(app_file, 'planted.vews')}"),
        ("views.signature", f"{views}:{line_of(views, 'def needs_more')}"),
        ("views.signature", f"{views}:{line_of(views, 'def takes_less')}"),
        # A decorated function's line is its first decorator's.
        ("hooks.signature", f"{app_file}:{line_of(app_file, '@app.before_request')}"),
        ("hooks.signature", f"{app_file}:{line_of(app_file, '@app.errorhandler(404)')}"),
        ("templates.exist", f"{views}:{line_of(views, 'missing.html')}"),
    }
    messages = "\n".join(p.message for p in problems)
    assert "Could not import the view 'planted.vews:item'" in messages
    assert "requires 'colour', which the rule '/more/<int:item_id>' does not give" in messages
    assert "does not accept 'item_id', which the rule passes to it" in messages
    assert "before-request function 'before' cannot be called" in messages
    assert "error handler 'not_found' cannot be called" in messages
    assert "'missing.html'" in messages
    assert "Could not include the blueprint 'planted.catalogue:catalog'" in messages
    assert "No module named 'planted.catalogue'" in messages
    assert "its endpoint 'catalog.item' (declared at" in messages
    assert "The endpoint 'admin.report' of the rule '/report' starts with the name" in messages


def test_the_command_lists_every_problem_and_fails(planted: Demijohn) -> None:
    result = CliRunner().invoke(cli, ["check"], obj=ScriptInfo(create_app=lambda: planted))
    assert result.exit_code == 1
    assert "9 problems found in 'planted'." in result.output
    assert f"{planted.root_path}/views.py:" in result.output
    assert "[templates.exist]" in result.output


def test_a_clean_application_passes(app: Demijohn) -> None:
    @app.get("/items/<int:item_id>")
    def item(item_id: int, request: t.Any) -> str:
        return str(item_id)

    @app.get("/", defaults={"page": 1})
    @app.get("/page/<int:page>")
    def index(page: int) -> str:
        return str(page)

    @app.errorhandler(404)
    def not_found(error: Exception, request: t.Any) -> tuple[str, int]:
        return "gone", 404

    assert app.run_checks() == []
    result = CliRunner().invoke(cli, ["check"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    assert result.output == "No problems found in 'demijohn_test_app' (4 rules checked).\n"


def test_url_value_preprocessors_make_the_signature_check_step_aside(app: Demijohn) -> None:
    @app.url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        if values is not None:
            values.pop("lang", None)

    @app.get("/<lang>/about")
    def about() -> str:
        return "about"

    assert app.run_checks() == []


def test_an_application_adds_its_own_checks(app: Demijohn) -> None:
    @app.add_check
    def needs_a_secret(app: Demijohn) -> t.Iterator[Problem]:
        if not app.config.get("SECRET_KEY"):
            yield Problem("shop.secret", "Set SECRET_KEY.")

    app.config["SECRET_KEY"] = ""
    assert [str(p) for p in app.run_checks()] == ["[shop.secret] Set SECRET_KEY."]
    app.config["SECRET_KEY"] = "set"
    assert run_checks(app) == []


def test_deployment_checks_run_only_when_asked(app: Demijohn) -> None:
    def debug_off(app: Demijohn) -> list[Problem]:
        return [Problem("deploy.debug", "Turn debug mode off.")] if app.debug else []

    assert app.add_check(debug_off, deploy=True) is debug_off
    app.debug = True
    assert app.run_checks() == []
    assert [p.check for p in app.run_checks(deploy=True)] == ["deploy.debug"]
    assert [p.check for p in run_checks(app, deploy=True)] == ["deploy.debug"]


def test_problems_read_as_lines() -> None:
    problem = Problem("views.import", "It does not import.", "shop/urls.py:12")
    assert str(problem) == "shop/urls.py:12: [views.import] It does not import."


def test_method_views_and_class_views_are_understood(app: Demijohn) -> None:
    from demijohn.views import MethodView

    class Item(MethodView):
        def get(self, item_id: int) -> str:
            return str(item_id)

    app.add_url_rule("/items/<int:item_id>", view_func=Item.as_view("item"))
    assert app.run_checks() == []


def test_checks_import_nothing_until_they_run(tmp_path: Path) -> None:
    app = Demijohn("lazy_app", root_path=str(tmp_path))
    app.add_url_rule("/", "index", "no_such_module_anywhere:index")
    # Registering cost nothing; the check imports and reports.
    (problem,) = app.run_checks()
    assert problem.check == "views.import"
    assert problem.message.startswith("Could not import the view")


def test_check_on_start_refuses_to_serve_with_problems(app: Demijohn) -> None:
    from demijohn.checks import ChecksFailed

    app.config["CHECK_ON_START"] = True
    app.add_url_rule("/", "index", "no_such_module_anywhere:index")
    started = []
    app.before_serving(lambda: started.append(True))
    with pytest.raises(ChecksFailed, match="did not start: the checks found 1 problem"):
        app.startup()
    with pytest.raises(ChecksFailed):
        app.test_client().get("/")
    assert started == []


def test_check_on_start_starts_a_clean_application(app: Demijohn) -> None:
    app.config["CHECK_ON_START"] = True
    app.add_url_rule("/", "index", lambda: "ok")
    assert app.test_client().get("/").data == b"ok"


def test_warnings_are_shown_and_do_not_stop_a_start(app: Demijohn) -> None:
    from demijohn.checks import Problem

    @app.add_check
    def advice(app: Demijohn) -> list[Problem]:
        return [Problem("app.advice", "Consider this.", "app.py:3", severity="warning")]

    (problem,) = app.run_checks()
    assert str(problem) == "app.py:3: [app.advice] warning: Consider this."
    app.config["CHECK_ON_START"] = True
    app.add_url_rule("/", "index", lambda: "ok")
    assert app.test_client().get("/").data == b"ok"


def test_websocket_handlers_may_take_the_connection(app: Demijohn) -> None:
    @app.websocket("/ws/<room>")
    def chat(websocket: t.Any, room: str) -> None:
        pass

    @app.websocket("/ws-plain")
    def plain(request: t.Any) -> None:
        pass

    assert app.run_checks() == []


def test_module_named_endpoints_beside_other_blueprints_pass(app: Demijohn) -> None:
    from demijohn import Blueprint
    from demijohn.urls import URLs

    urls = URLs("tests")
    urls.get("/json", "json:dumps")  # endpoint "json.dumps", outside the package
    urls.init_app(app)
    app.register_blueprint(Blueprint("admin", __name__), url_prefix="/admin")
    assert [p for p in app.run_checks() if p.check == "urls.endpoint"] == []


def test_a_url_variable_a_binder_claims_is_accepted() -> None:
    # A binder may fill a parameter named like a URL variable (the validation battery does,
    # for the static view's 'filename' too): the view accepts the variable all the same.
    app = Demijohn(__name__)
    app.add_parameter_binder(lambda func, parameter: lambda: "bound")

    @app.get("/items/<int:item_id>")
    def item(item_id: int) -> str:
        return str(item_id)

    @app.get("/orders/<int:order_id>")
    def order() -> str:
        return "order"

    problems = [problem for problem in app.run_checks() if problem.check == "views.signature"]
    assert len(problems) == 1
    assert "<locals>.order' of the rule '/orders/<int:order_id>' does not accept" in str(
        problems[0]
    )


def test_a_binder_that_fills_url_values_leaves_them_accepted(app: Demijohn) -> None:
    # A binder (a validation battery, say) may claim every parameter, URL values included:
    # the view still takes the rule's values, and one the rule does not give is still needed.
    app.add_parameter_binder(lambda func, parameter: lambda: "bound")

    @app.get("/items/<int:item_id>")
    def item(item_id: int, page: int) -> str:
        return f"{item_id} {page}"

    @app.get("/other/<name>")
    def other() -> str:
        return "no name"

    messages = [p.message for p in run_checks(app) if p.check == "views.signature"]
    expected = (
        "The view 'test_a_binder_that_fills_url_values_leaves_them_accepted.<locals>.other' of"
        " the rule '/other/<name>' does not accept 'name', which the rule passes to it. Add a"
        " parameter of that name, or rename the URL variable."
    )
    assert messages == [expected]
