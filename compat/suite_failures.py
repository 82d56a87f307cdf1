"""The tests of real suites expected to fail through the Flask layer, each with its reason:
the tables ``run_extension_suites.py`` judges its runs by, and docs/compat.md lists (a test
checks that it lists every one with the same reason).

Nothing here runs anything; a test id is the runner's: ``module.path::name[params]``.
"""

from __future__ import annotations

_WERKZEUG_WARNING = (
    "a deliberate difference: Werkzeug's 'Current server name' warning names the caller of"
    " Map.bind_to_environ (stacklevel=2), whose module is demijohn.app, so the test's filter"
    " for the module flask.app does not match it and pytest turns the warning into an error;"
    " the requests themselves get Flask's answers"
)
#: Flask's own tests expected to fail through the layer, over both protocols, with why; every
#: one is in docs/compat.md.
FLASK_KNOWN_FAILURES = {
    "tests.test_basic::test_server_name_subdomain": _WERKZEUG_WARNING,
    "tests.test_basic::test_subdomain_matching_other_name[True]": _WERKZEUG_WARNING,
    "tests.test_reqctx::test_bad_environ_raises_bad_request": (
        "fails on Flask 3.1.3 itself with Werkzeug 3.1.8 or newer, and the layer gives Flask's"
        " answer: a Host of '\\x8a' is served without a host (404 here), not refused with 400"
    ),
}

_ONE_THREAD = (
    "not yet fixed: under the ASGI driver a request's sync code does not all run on one"
    " thread, and the view does not see the in-memory SQLite database the test made on"
    " another (500: {})"
)
#: Flask-Admin's tests expected to fail over ASGI only, with why (docs/compat.md lists them).
ADMIN_ONE_THREAD = {
    **{
        f"flask_admin.tests.peeweemodel.test_basic::{name}": _ONE_THREAD.format(
            "peewee's 'no such table'"
        )
        for name in (
            *("test_model", "test_column_editable_list", "test_details_view"),
            *("test_get_one_missing_record", "test_column_filters", "test_ajax_fk"),
            *("test_customising_page_size", "test_export_csv"),
        )
    },
    "flask_admin.tests.sqla.test_basic::test_different_bind_joins[with_db-SQLALiteProvider]": (
        _ONE_THREAD.format(
            "SQLite's 'objects created in a thread can only be used in that same thread'"
        )
    ),
}

_FLASKR_REASON = (
    "not yet fixed: under the ASGI driver flaskr's view opens its sqlite3 connection (kept"
    " on g) on a pool thread and its teardown closes it on another, which SQLite refuses"
    " ('objects created in a thread can only be used in that same thread')"
)
_FLASKR_REGISTER_CASES = (
    *("--Username is required.", "a--Password is required."),
    "test-test-already registered",
)
_FLASKR_LOGIN_CASES = ("a-test-Incorrect username.", "test-a-Incorrect password.")
_FLASKR_TESTS = {
    "test_auth": (
        "test_register",
        *(f"test_register_validate_input[{case}]" for case in _FLASKR_REGISTER_CASES),
        "test_login",
        *(f"test_login_validate_input[{case}]" for case in _FLASKR_LOGIN_CASES),
        "test_logout",
    ),
    "test_blog": (
        *("test_index", "test_author_required", "test_exists_required[/2/update]"),
        *("test_exists_required[/2/delete]", "test_create", "test_update"),
        *("test_create_update_validate[/create]", "test_create_update_validate[/1/update]"),
        "test_delete",
    ),
}
#: The tutorial application's tests expected to fail over ASGI only, with why.
FLASKR_ONE_THREAD = {
    f"examples.tutorial.tests.{module}::{name}": _FLASKR_REASON
    for module, names in _FLASKR_TESTS.items()
    for name in names
}
