"""Debug-mode explanations: a file looked up in a form that was not sent as multipart, and the
log of how a template was looked for (``EXPLAIN_TEMPLATE_LOADING``)."""

from __future__ import annotations

import io
import logging
import os
import typing as t

import pytest
from jinja2 import BaseLoader, DictLoader, FileSystemLoader, TemplateNotFound
from werkzeug.datastructures import ImmutableMultiDict

from demijohn import Blueprint, Demijohn, render_template, request
from demijohn.debughelpers import DebugFilesKeyError, explain_template_loading_attempts
from demijohn.testing import DemijohnClient

# -- files sent without multipart -------------------------------------------------------------


def test_debug_files_key_error_message(app: Demijohn) -> None:
    with app.test_request_context(method="POST", data={"upload": ["a.txt", "b.txt"]}):
        error = DebugFilesKeyError(request, "upload")
    message = str(error)
    assert "'upload'" in message
    assert "'application/x-www-form-urlencoded'" in message
    assert 'enctype="multipart/form-data"' in message
    assert "'a.txt', 'b.txt'" in message
    assert isinstance(error, KeyError)
    assert isinstance(error, AssertionError)


def test_debug_files_key_error_message_without_form_value(app: Demijohn) -> None:
    with app.test_request_context(method="POST", data={"other": "x"}):
        message = str(DebugFilesKeyError(request, "upload"))
    assert 'enctype="multipart/form-data"' in message
    assert "file names" not in message


def test_missing_file_in_a_plain_form_is_explained_in_debug_mode(app: Demijohn) -> None:
    app.debug = True
    with app.test_request_context(method="POST", data={"upload": "photo.jpg"}):
        with pytest.raises(DebugFilesKeyError, match=r"'photo\.jpg'"):
            request.files["upload"]
        # The files object still looks and behaves like Werkzeug's.
        assert type(request.files).__name__ == "ImmutableMultiDict"
        assert isinstance(request.files, ImmutableMultiDict)
        assert request.files.get("upload") is None


def test_key_missing_from_the_form_too_is_a_plain_key_error(app: Demijohn) -> None:
    app.debug = True
    with app.test_request_context(method="POST", data={"other": "x"}):
        with pytest.raises(KeyError) as exc_info:
            request.files["upload"]
        assert not isinstance(exc_info.value, DebugFilesKeyError)


def test_not_explained_outside_debug_mode(app: Demijohn) -> None:
    app.debug = False
    with app.test_request_context(method="POST", data={"upload": "photo.jpg"}):
        with pytest.raises(KeyError) as exc_info:
            request.files["upload"]
        assert not isinstance(exc_info.value, DebugFilesKeyError)
        assert type(request.files) is ImmutableMultiDict


def test_not_patched_for_multipart_requests(app: Demijohn) -> None:
    app.debug = True
    data = {"upload": (io.BytesIO(b"content"), "a.txt"), "name": "x"}
    with app.test_request_context(method="POST", data=data):
        assert request.files["upload"].read() == b"content"
        assert type(request.files) is ImmutableMultiDict


def test_not_patched_for_multipart_requests_without_files(app: Demijohn) -> None:
    app.debug = True
    with app.test_request_context(
        method="POST", data={"name": "x"}, content_type="multipart/form-data"
    ):
        with pytest.raises(KeyError) as exc_info:
            request.files["name"]
        assert not isinstance(exc_info.value, DebugFilesKeyError)


def test_not_patched_for_json_requests(app: Demijohn) -> None:
    app.debug = True
    with app.test_request_context(method="POST", json={"upload": "x"}):
        assert type(request.files) is ImmutableMultiDict


def test_explained_error_reaches_the_client_in_debug_mode(
    app: Demijohn, client: DemijohnClient
) -> None:
    app.debug = True

    @app.post("/upload")
    def upload() -> str:
        return request.files["upload"].filename or ""

    with pytest.raises(DebugFilesKeyError, match="multipart/form-data"):
        client.post("/upload", data={"upload": "photo.jpg"})


# -- explaining template loading --------------------------------------------------------------


class OddLoader(BaseLoader):
    """A loader with attributes of every kind the explanation may or may not show."""

    def __init__(self) -> None:
        self.label = "odd"
        self.limit = 3
        self.paths = ["one", "two"]
        self.numbers = [1, 2]
        self.helper = object()
        self._hidden = "secret"


@pytest.fixture
def messages(app: Demijohn, caplog: pytest.LogCaptureFixture) -> t.Callable[[], list[str]]:
    caplog.set_level(logging.INFO, logger=app.name)

    def get() -> list[str]:
        records = [r for r in caplog.records if r.name == app.name]
        assert all(r.levelno == logging.INFO for r in records)
        return [r.getMessage() for r in records]

    return get


def test_explains_each_loader_and_what_it_found(
    app: Demijohn, messages: t.Callable[[], list[str]]
) -> None:
    bp = Blueprint("admin", "shop.admin")
    app_loader = FileSystemLoader("/srv/templates")
    bp_loader = DictLoader({})
    attempts = [
        (app_loader, app, ("source", "/srv/templates/index.html", None)),
        (bp_loader, bp, None),
    ]
    explain_template_loading_attempts(app, "index.html", attempts)
    (message,) = messages()
    lines = message.splitlines()
    assert lines[0] == "Locating template 'index.html':"
    assert lines[1] == "    1: trying loader of application 'demijohn_test_app'"
    assert "       class: jinja2.loaders.FileSystemLoader" in lines
    assert "       searchpath:" in lines
    assert "         - /srv/templates" in lines
    assert "       -> found ('/srv/templates/index.html')" in lines
    assert "    2: trying loader of blueprint 'admin' (shop.admin)" in lines
    assert lines[-1] == "       -> no match"
    assert not any("Error" in line or "Warning" in line for line in lines)


def test_explains_a_template_found_without_a_file_name(
    app: Demijohn, messages: t.Callable[[], list[str]]
) -> None:
    explain_template_loading_attempts(app, "x", [(DictLoader({}), app, ("x", None, None))])
    assert "       -> found ('<string>')" in messages()[0].splitlines()


def test_explains_which_loader_attributes_are_shown(
    app: Demijohn, messages: t.Callable[[], list[str]]
) -> None:
    explain_template_loading_attempts(app, "x", [(OddLoader(), "custom owner", None)])
    lines = messages()[0].splitlines()
    assert "    1: trying loader of 'custom owner'" in lines
    assert f"       class: {__name__}.OddLoader" in lines
    assert "       label: 'odd'" in lines
    assert "       limit: 3" in lines
    assert lines[lines.index("       paths:") + 1 :][:2] == ["         - one", "         - two"]
    shown = {line.split(":")[0].strip() for line in lines[2:-2]}
    assert shown == {"class", "label", "limit", "paths", "- one", "- two"}


def test_nothing_found_is_an_error(app: Demijohn, messages: t.Callable[[], list[str]]) -> None:
    explain_template_loading_attempts(app, "x", [(DictLoader({}), app, None)])
    assert messages()[0].splitlines()[-1] == "Error: the template could not be found."


def test_no_loader_at_all_is_an_error(app: Demijohn, messages: t.Callable[[], list[str]]) -> None:
    explain_template_loading_attempts(app, "x", [])
    assert messages() == ["Locating template 'x':\nError: the template could not be found."]


def test_found_twice_is_a_warning(app: Demijohn, messages: t.Callable[[], list[str]]) -> None:
    found = ("x", "/a/x", None)
    attempts = [(DictLoader({}), app, found), (DictLoader({}), app, found)]
    explain_template_loading_attempts(app, "x", attempts)
    assert "Warning: more than one loader found the template" in messages()[0]


def test_hint_about_the_blueprint_folder_in_a_blueprint_request(
    app: Demijohn, messages: t.Callable[[], list[str]]
) -> None:
    bp = Blueprint("admin", __name__)
    bp.add_url_rule("/admin", "index", lambda: "")
    app.register_blueprint(bp)
    with app.test_request_context("/admin"):
        explain_template_loading_attempts(app, "x", [(DictLoader({}), app, None)])
    assert "endpoint of the blueprint 'admin'" in messages()[0]
    assert "subfolder named after the blueprint" in messages()[0]


def test_no_blueprint_hint_when_found_once(
    app: Demijohn, messages: t.Callable[[], list[str]]
) -> None:
    bp = Blueprint("admin", __name__)
    bp.add_url_rule("/admin", "index", lambda: "")
    app.register_blueprint(bp)
    with app.test_request_context("/admin"):
        explain_template_loading_attempts(app, "x", [(DictLoader({}), app, ("x", "/x", None))])
    assert "blueprint" not in messages()[0]


def test_no_blueprint_hint_outside_blueprints(
    app: Demijohn, messages: t.Callable[[], list[str]]
) -> None:
    app.add_url_rule("/", "index", lambda: "")
    with app.test_request_context("/"):
        explain_template_loading_attempts(app, "x", [(DictLoader({}), app, None)])
    assert "blueprint" not in messages()[0]


def test_blueprint_hint_when_rendering_from_a_blueprint_view(
    app: Demijohn, client: DemijohnClient, messages: t.Callable[[], list[str]]
) -> None:
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True
    bp = Blueprint(
        "first",
        __name__,
        template_folder="first",
        root_path=os.path.join(os.path.dirname(__file__), "blueprint_templates"),
    )

    @bp.route("/page")
    def page() -> str:
        return render_template("page.html")

    app.register_blueprint(bp)
    with pytest.raises(TemplateNotFound):
        client.get("/page")
    (message,) = messages()
    assert "trying loader of blueprint 'first'" in message
    assert "endpoint of the blueprint 'first'" in message
