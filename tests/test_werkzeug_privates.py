"""demijohn.werkzeug_privates: each private name of Werkzeug's that demijohn uses, probed.

A test of the first kind fails when the installed Werkzeug no longer has a name with the
meaning demijohn relies on, so that an upgrade of the pins (or ``make test-werkzeug-newest``)
shows it at once; demijohn itself then falls back to the public API, which the tests in
``test_wrappers.py`` and ``test_routing.py`` run with the fast paths switched off.
"""

from __future__ import annotations

import ast
import importlib.metadata
import logging
import pathlib
import typing as t

import pytest
from werkzeug.datastructures import Headers
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from demijohn import Demijohn, url_for, werkzeug_privates
from demijohn.routing import Rule as DemijohnRule
from demijohn.werkzeug_privates import LazyBuilderRule

PACKAGE = pathlib.Path(__file__).parents[1] / "src" / "demijohn"
WERKZEUG = importlib.metadata.version("werkzeug")


@pytest.mark.parametrize("name", sorted(werkzeug_privates.PROBES))
def test_the_installed_werkzeug_has_it_with_the_meaning_relied_on(name: str) -> None:
    assert werkzeug_privates.probe(name), (
        f"Werkzeug {WERKZEUG} changed {name}. demijohn falls back to Werkzeug's public API"
        " there (slower); adapt demijohn/werkzeug_privates.py to the new release, or drop"
        " the fast path."
    )


def test_every_fast_path_is_on() -> None:
    assert not werkzeug_privates.CHANGED
    assert werkzeug_privates.RESPONSE_INTERNALS
    assert werkzeug_privates.RULE_BUILDERS


def test_changed_names_are_found_and_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(werkzeug_privates.PROBES, "Response._on_close", lambda: False)
    with caplog.at_level(logging.INFO, logger="demijohn.werkzeug_privates"):
        assert werkzeug_privates.find_changed() == {"Response._on_close"}
    assert "changed Response._on_close; demijohn uses Werkzeug's public API" in caplog.text


def test_a_probe_that_raises_counts_as_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> bool:
        raise AttributeError("_list")

    monkeypatch.setitem(werkzeug_privates.PROBES, "Headers._list", broken)
    assert not werkzeug_privates.probe("Headers._list")


# -- each probe notices a change -------------------------------------------------------------


def _add_an_attribute(cls: type[t.Any], monkeypatch: pytest.MonkeyPatch) -> None:
    init = cls.__init__

    def __init__(self: t.Any, *args: t.Any, **kwargs: t.Any) -> None:
        init(self, *args, **kwargs)
        self._cache = None

    monkeypatch.setattr(cls, "__init__", __init__)


def test_headers_holding_more_than_their_list_are_noticed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _add_an_attribute(Headers, monkeypatch)
    assert not werkzeug_privates.probe("Headers._list")


def test_headers_reading_pairs_from_elsewhere_are_noticed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Headers, "__iter__", lambda self: iter(()))
    assert not werkzeug_privates.probe("Headers._list")


def test_a_response_constructor_setting_more_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    _add_an_attribute(Response, monkeypatch)
    assert not werkzeug_privates.probe("Response.__init__ fields")


def test_a_status_kept_elsewhere_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    def set_status(self: t.Any, value: t.Any) -> None:
        self._state = self._clean_status(value)

    monkeypatch.setattr(Response, "status", property(lambda self: self._state[0], set_status))
    assert not werkzeug_privates.probe("Response._status, Response._status_code")


def test_a_status_setter_not_using_clean_status_is_noticed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    status = Response.status

    def set_status(self: t.Any, value: t.Any) -> None:
        self._status, self._status_code = "200 OK", 200

    monkeypatch.setattr(Response, "status", property(status.fget, set_status))
    assert not werkzeug_privates.probe("Response._clean_status")


def test_close_callbacks_kept_elsewhere_are_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Response, "call_on_close", lambda self, func: func)
    assert not werkzeug_privates.probe("Response._on_close")


def test_builders_stored_elsewhere_are_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    compile_rule = Rule.compile

    def compile(self: Rule) -> None:
        compile_rule(self)
        self._build_unknown = lambda **values: ("", "/elsewhere")

    monkeypatch.setattr(Rule, "compile", compile)
    assert not werkzeug_privates.probe("Rule._compile_builder, Rule._build, Rule._build_unknown")


def test_a_removed_name_is_noticed_without_raising(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(Rule, "_compile_builder")
    assert not werkzeug_privates.probe("Rule._compile_builder, Rule._build, Rule._build_unknown")


# -- the fast paths --------------------------------------------------------------------------


def test_a_plain_response_is_what_the_constructor_makes() -> None:
    fast = werkzeug_privates.plain_response(Response, b"hi", "text/plain", ("201 CREATED", 201))
    slow = Response(b"hi", 201, content_type="text/plain")
    assert vars(fast).keys() == vars(slow).keys()
    assert (fast.status, fast.status_code, fast.get_data()) == ("201 CREATED", 201, b"hi")
    assert fast.headers == slow.headers
    fast.headers.add("X-A", "1")
    assert fast.headers.to_wsgi_list()[-1] == ("X-A", "1")


def _start(sent: list[t.Any]) -> t.Any:
    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Any:
        sent.append((status, headers))

    return start_response


@pytest.mark.parametrize(
    ("make", "method"),
    [
        (lambda: Response("x", headers={"Location": "/a"}), "GET"),
        (lambda: Response("x", 204), "GET"),
        (lambda: Response("x"), "HEAD"),
        (lambda: Response(iter([b"x"])), "GET"),
        (lambda: Response([b"x", "y"]), "GET"),
        (lambda: Response("x", direct_passthrough=True), "GET"),
    ],
    ids=["location", "204", "head", "iterator", "text-chunk", "passthrough"],
)
def test_what_werkzeug_would_change_is_not_sent_as_is(
    make: t.Callable[[], Response], method: str
) -> None:
    sent: list[t.Any] = []
    environ = {"REQUEST_METHOD": method}
    assert werkzeug_privates.send_as_is(make(), environ, _start(sent)) is None
    assert sent == []


def test_a_response_with_close_callbacks_is_not_sent_as_is() -> None:
    response = Response("x")
    response.call_on_close(lambda: None)
    assert werkzeug_privates.has_close_callbacks(response)
    assert werkzeug_privates.send_as_is(response, {"REQUEST_METHOD": "GET"}, _start([])) is None


def test_a_wrong_content_length_is_not_sent_as_is() -> None:
    response = Response("xy")
    response.headers["Content-Length"] = "1"
    assert werkzeug_privates.send_as_is(response, {"REQUEST_METHOD": "GET"}, _start([])) is None


def test_a_plain_body_is_sent_as_werkzeug_sends_it() -> None:
    sent: list[t.Any] = []
    response = Response("body", 404, headers={"X-A": "1"})
    body = werkzeug_privates.send_as_is(response, {"REQUEST_METHOD": "GET"}, _start(sent))
    assert body == [b"body"]
    assert not werkzeug_privates.has_close_callbacks(response)
    expected: list[t.Any] = []
    environ = {"REQUEST_METHOD": "GET", "SERVER_NAME": "localhost", "wsgi.url_scheme": "http"}
    assert b"".join(Response.__call__(response, environ, _start(expected))) == b"body"
    assert sent == expected
    # The pairs sent are a copy: changing the response afterwards does not change them.
    response.headers["X-B"] = "2"
    assert len(sent[0][1]) == 3


def test_close_callbacks_are_assumed_when_the_internals_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(werkzeug_privates, "RESPONSE_INTERNALS", False)
    assert werkzeug_privates.has_close_callbacks(Response("x"))


def test_a_subclass_with_its_own_status_handling_is_noticed() -> None:
    class Shouting(Response):
        def _clean_status(self, value: t.Any) -> tuple[str, int]:
            status, code = super()._clean_status(value)
            return status.upper() + "!", code

    assert werkzeug_privates.keeps_status_handling(Response)
    assert not werkzeug_privates.keeps_status_handling(Shouting)


# -- URL builders compiled on first use ------------------------------------------------------


def _builders(rule: Rule) -> tuple[str, str]:
    return rule._build.__name__, rule._build_unknown.__name__


def test_url_builders_are_compiled_on_first_use(app: Demijohn) -> None:
    app.add_url_rule("/items/<int:item_id>", "item", lambda item_id: "")
    rule = next(app.url_map.iter_rules("item"))
    assert isinstance(rule, LazyBuilderRule)
    with app.test_request_context():
        assert _builders(rule) == ("build_on_first_use", "build_on_first_use")
        assert url_for("item", item_id=3) == "/items/3"
        assert _builders(rule)[1] != "build_on_first_use"
        assert url_for("item", item_id=4, q="x") == "/items/4?q=x"
        assert rule.build({"item_id": 5}, append_unknown=False) == ("", "/items/5")
        assert "build_on_first_use" not in _builders(rule)


def test_without_the_hook_builders_are_compiled_when_the_rule_is_added(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(werkzeug_privates, "RULE_BUILDERS", False)
    rule = DemijohnRule("/items/<int:item_id>", endpoint="item")
    Map([rule])
    assert "build_on_first_use" not in _builders(rule)
    assert rule.build({"item_id": 3, "q": "x"}) == ("", "/items/3?q=x")


# -- no other module uses these names ---------------------------------------------------------

#: Werkzeug's private names demijohn is known to use (or to have used).
PRIVATE_NAMES = frozenset(
    {
        "_list",
        "_status",
        "_status_code",
        "_on_close",
        "_clean_status",
        "_compile_builder",
        "_build",
        "_build_unknown",
        "_rules",
        "_rules_by_endpoint",
        "_load_form_data",
        "_cookies",
        "_add_cookies_to_wsgi",
        "_update_cookies_from_response",
    }
)

#: Uses outside werkzeug_privates that are yet to move there: (module, name).
NOT_YET_MOVED = frozenset(
    {
        # The ASGI driver's check for close callbacks: werkzeug_privates.has_close_callbacks.
        ("asgi.py", "_on_close"),
        # The test client's cookie handling, as Flask's test client does it.
        ("testing.py", "_cookies"),
        ("testing.py", "_add_cookies_to_wsgi"),
        ("testing.py", "_update_cookies_from_response"),
    }
)


def _private_uses(path: pathlib.Path) -> t.Iterator[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in PRIVATE_NAMES:
            yield node.attr, node.lineno
        elif isinstance(node, ast.FunctionDef) and node.name in PRIVATE_NAMES:
            yield node.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("werkzeug"):
            for alias in node.names:
                if "._" in f".{node.module}" or alias.name.startswith("_"):
                    yield f"{node.module}.{alias.name}", node.lineno


def test_no_other_module_uses_werkzeugs_private_names() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module == "werkzeug_privates.py":
            continue
        for name, line in _private_uses(path):
            if (module, name) not in NOT_YET_MOVED:
                found.append(f"{module}:{line} uses {name}")
    assert not found, "Werkzeug's private names belong in werkzeug_privates.py:\n" + "\n".join(
        found
    )


def test_the_scan_finds_private_uses(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "module.py"
    source.write_text(
        "from werkzeug._internal import _wsgi_decoding_dance\n"
        "from werkzeug.wsgi import _get_server\n"
        "headers._list = []\n"
        "def _load_form_data(self): pass\n",
        encoding="utf-8",
    )
    assert sorted(_private_uses(source), key=lambda use: use[1]) == [
        ("werkzeug._internal._wsgi_decoding_dance", 1),
        ("werkzeug.wsgi._get_server", 2),
        ("_list", 3),
        ("_load_form_data", 4),
    ]
