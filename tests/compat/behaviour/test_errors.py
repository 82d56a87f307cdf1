"""Errors (reference A.18 and A.5's handler lookup): status codes, error pages, handler choice."""

from __future__ import annotations

import typing as t

import pytest


def test_abort_status_and_page(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        flask.abort(403)

    rv = client.get("/")
    assert rv.status == "403 FORBIDDEN"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.data == (
        b"<!doctype html>\n<html lang=en>\n<title>403 Forbidden</title>\n"
        b"<h1>Forbidden</h1>\n<p>You don&#39;t have the permission to access the requested"
        b" resource. It is either read-protected or not readable by the server.</p>\n"
    )


def test_abort_with_description(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        flask.abort(400, description="Missing <field>")

    rv = client.get("/")
    assert rv.status_code == 400
    assert b"<p>Missing &lt;field&gt;</p>" in rv.data


def test_abort_with_response(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        flask.abort(flask.make_response("custom", 409))

    rv = client.get("/")
    assert rv.status_code == 409
    assert rv.data == b"custom"


def test_abort_unknown_code_is_lookup_error(flask: t.Any, app: t.Any) -> None:
    with app.app_context(), pytest.raises(LookupError, match="no exception for 299"):
        flask.abort(299)


def test_abort_without_app_uses_werkzeug(flask: t.Any) -> None:
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound):
        flask.abort(404)


def test_abort_uses_app_aborter(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import HTTPException

    class Teapot(HTTPException):
        code = 418
        description = "short and stout"

    app.aborter.mapping[418] = Teapot

    @app.route("/")
    def index() -> str:
        flask.abort(418)

    rv = client.get("/")
    assert rv.status_code == 418
    assert b"short and stout" in rv.data


def test_405_page_text(app: t.Any, client: t.Any) -> None:
    app.add_url_rule("/", "i", lambda: "", methods=["POST"])
    rv = client.get("/")
    assert b"<title>405 Method Not Allowed</title>" in rv.data
    assert rv.headers["Allow"] in ("OPTIONS, POST", "POST, OPTIONS")


def test_unhandled_exception_propagates_when_testing(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError("x")

    with pytest.raises(ZeroDivisionError):
        client.get("/")


def test_unhandled_exception_is_500_page(app: t.Any, client: t.Any) -> None:
    app.testing = False

    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError("x")

    rv = client.get("/")
    assert rv.status == "500 INTERNAL SERVER ERROR"
    assert b"<title>500 Internal Server Error</title>" in rv.data
    assert b"The server encountered an internal error and was unable to complete your request." in (
        rv.data
    )


def test_propagate_exceptions_config(app: t.Any, client: t.Any) -> None:
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = True

    @app.route("/")
    def index() -> str:
        raise KeyError("p")

    with pytest.raises(KeyError):
        client.get("/")


def test_propagate_exceptions_false_while_testing(app: t.Any, client: t.Any) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/")
    def index() -> str:
        raise KeyError("p")

    assert client.get("/").status_code == 500


def test_got_request_exception_signal_and_log(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.testing = False
    seen: list[t.Any] = []
    logged: list[t.Any] = []

    def receiver(sender: t.Any, exception: BaseException, **kwargs: t.Any) -> None:
        seen.append((sender, type(exception)))

    app.log_exception = lambda exc_info: logged.append(exc_info[0])

    @app.route("/")
    def index() -> str:
        raise ValueError("v")

    with flask.got_request_exception.connected_to(receiver, app):
        assert client.get("/").status_code == 500
    assert seen == [(app, ValueError)]
    assert logged == [ValueError]


def test_http_exception_not_signalled(flask: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    @app.route("/")
    def index() -> str:
        flask.abort(404)

    with flask.got_request_exception.connected_to(lambda s, **k: seen.append(s), app):
        client.get("/")
    assert seen == []


def test_500_handler_receives_internal_server_error(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    from werkzeug.exceptions import InternalServerError

    app.testing = False

    @app.errorhandler(500)
    def on_500(e: t.Any) -> t.Any:
        assert isinstance(e, InternalServerError)
        return f"wrapped {type(e.original_exception).__name__}: {e.original_exception}", 500

    @app.route("/")
    def index() -> str:
        raise ValueError("inner")

    rv = client.get("/")
    assert rv.status_code == 500
    assert rv.data == b"wrapped ValueError: inner"


def test_500_handler_for_direct_abort_has_no_original(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.errorhandler(500)
    def on_500(e: t.Any) -> t.Any:
        return f"original={e.original_exception}", 500

    @app.route("/")
    def index() -> str:
        flask.abort(500)

    assert client.get("/").data == b"original=None"


def test_exception_handler_for_class(app: t.Any, client: t.Any) -> None:
    @app.errorhandler(KeyError)
    def on_key(e: KeyError) -> t.Any:
        return f"key {e.args[0]}", 400

    @app.route("/")
    def index() -> str:
        raise KeyError("k")

    rv = client.get("/")
    assert rv.status_code == 400
    assert rv.data == b"key k"


def test_handler_chosen_by_mro(app: t.Any, client: t.Any) -> None:
    class Base(Exception):
        pass

    class Middle(Base):
        pass

    class Leaf(Middle):
        pass

    app.register_error_handler(Base, lambda e: "base")
    app.register_error_handler(Middle, lambda e: "middle")

    @app.route("/<kind>")
    def index(kind: str) -> str:
        raise {"base": Base, "middle": Middle, "leaf": Leaf}[kind]()

    assert client.get("/base").data == b"base"
    assert client.get("/middle").data == b"middle"
    assert client.get("/leaf").data == b"middle"


def test_code_handler_before_class_handler(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import HTTPException, NotFound

    app.register_error_handler(HTTPException, lambda e: ("http", e.code))
    app.register_error_handler(NotFound, lambda e: ("class", 404))
    app.register_error_handler(404, lambda e: ("code", 404))

    @app.route("/")
    def index() -> str:
        flask.abort(404)

    assert client.get("/").data == b"code"
    assert client.get("/missing").data == b"code"


def test_http_exception_catch_all_handler(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import HTTPException

    @app.errorhandler(HTTPException)
    def on_http(e: t.Any) -> t.Any:
        return f"{e.code} {e.name}", e.code

    app.add_url_rule("/", "i", lambda: "", methods=["POST"])
    rv = client.get("/")
    assert rv.status_code == 405
    assert rv.data == b"405 Method Not Allowed"
    assert client.get("/missing").data == b"404 Not Found"


def test_exception_catch_all_also_catches_http(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.register_error_handler(Exception, lambda e: (type(e).__name__, 599))
    assert client.get("/missing").data == b"NotFound"


def test_handler_for_subclass_of_http_exception(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import BadRequest

    app.register_error_handler(BadRequest, lambda e: ("bad", 400))

    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.request.args["missing"])

    assert client.get("/").data == b"bad"


def test_bad_request_key_error_handled_by_400(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.register_error_handler(400, lambda e: (type(e).__name__, 400))

    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.request.args["missing"])

    assert client.get("/").data == b"BadRequestKeyError"


def test_trap_http_exceptions(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import NotFound

    app.config["TRAP_HTTP_EXCEPTIONS"] = True

    @app.route("/")
    def index() -> str:
        flask.abort(404)

    with pytest.raises(NotFound):
        client.get("/")


def test_trap_bad_request_errors(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import BadRequestKeyError

    app.config["TRAP_BAD_REQUEST_ERRORS"] = True

    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.request.args["missing"])

    with pytest.raises(BadRequestKeyError):
        client.get("/")


def test_bad_request_key_error_trapped_in_debug(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.debug = True

    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.request.args["missing"])

    with pytest.raises(KeyError):
        client.get("/")


def test_error_handler_return_value_conversion(app: t.Any, client: t.Any) -> None:
    app.register_error_handler(404, lambda e: {"error": "not found"})
    rv = client.get("/nope")
    # The handler's return value is a response with its own status: 200 unless given.
    assert rv.status_code == 200
    assert rv.get_json() == {"error": "not found"}


def test_error_handler_can_return_the_exception(app: t.Any, client: t.Any) -> None:
    app.register_error_handler(404, lambda e: e)
    rv = client.get("/nope")
    assert rv.status_code == 404
    assert b"Not Found" in rv.data


def test_error_in_error_handler_becomes_500(app: t.Any, client: t.Any) -> None:
    app.testing = False

    @app.errorhandler(404)
    def broken(e: t.Any) -> str:
        raise RuntimeError("handler failed")

    assert client.get("/nope").status_code == 500


def test_errorhandler_rejects_instance(flask: t.Any, app: t.Any) -> None:
    with pytest.raises(TypeError, match=r"ValueError\('x'\) is an instance, not a class."):
        app.register_error_handler(ValueError("x"), lambda e: "")


def test_errorhandler_rejects_unknown_code(app: t.Any) -> None:
    with pytest.raises(ValueError, match=r"'299' is not a recognized HTTP error code."):
        app.register_error_handler(299, lambda e: "")


def test_errorhandler_rejects_non_exception_class(app: t.Any) -> None:
    with pytest.raises(ValueError, match=r"'int' is not a subclass of Exception."):
        app.register_error_handler(int, lambda e: "")


def test_error_handler_spec_layout(app: t.Any) -> None:
    from werkzeug.exceptions import NotFound

    def handler(e: t.Any) -> str:
        return ""

    app.register_error_handler(404, handler)
    app.register_error_handler(KeyError, handler)
    assert app.error_handler_spec[None][404] == {NotFound: handler}
    assert app.error_handler_spec[None][None] == {KeyError: handler}


def test_blueprint_handler_before_app_handler(flask: t.Any, app: t.Any, client: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)
    bp.register_error_handler(ValueError, lambda e: "blueprint")
    app.register_error_handler(ValueError, lambda e: "app")

    @bp.route("/in")
    def inside() -> str:
        raise ValueError()

    @app.route("/out")
    def outside() -> str:
        raise ValueError()

    app.register_blueprint(bp)
    assert client.get("/in").data == b"blueprint"
    assert client.get("/out").data == b"app"


def test_blueprint_code_handler_not_used_for_routing_404(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")
    bp.register_error_handler(404, lambda e: "bp 404")
    app.register_error_handler(404, lambda e: "app 404")

    @bp.route("/x")
    def x() -> str:
        flask.abort(404)

    app.register_blueprint(bp)
    assert client.get("/bp/x").data == b"bp 404"
    assert client.get("/bp/missing").data == b"app 404"


def test_blueprint_class_handler_before_app_code_handler(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    from werkzeug.exceptions import NotFound

    bp = flask.Blueprint("bp", __name__)
    bp.register_error_handler(NotFound, lambda e: "bp class")
    app.register_error_handler(404, lambda e: "app code")

    @bp.route("/x")
    def x() -> str:
        flask.abort(404)

    app.register_blueprint(bp)
    assert client.get("/x").data == b"bp class"


def test_nested_blueprint_handlers_innermost_first(flask: t.Any, app: t.Any, client: t.Any) -> None:
    parent = flask.Blueprint("parent", __name__, url_prefix="/p")
    child = flask.Blueprint("child", __name__, url_prefix="/c")
    parent.register_error_handler(KeyError, lambda e: "parent")
    child.register_error_handler(LookupError, lambda e: "child")
    app.register_error_handler(KeyError, lambda e: "app")

    @child.route("/key")
    def key() -> str:
        raise KeyError()

    @child.route("/index")
    def index() -> str:
        raise IndexError()

    @parent.route("/key")
    def pkey() -> str:
        raise KeyError()

    parent.register_blueprint(child)
    app.register_blueprint(parent)
    assert client.get("/p/c/key").data == b"child"
    assert client.get("/p/c/index").data == b"child"
    assert client.get("/p/key").data == b"parent"


def test_app_errorhandler_from_blueprint(flask: t.Any, app: t.Any, client: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)

    @bp.app_errorhandler(404)
    def everywhere(e: t.Any) -> t.Any:
        return "from bp", 404

    app.register_blueprint(bp)
    rv = client.get("/anything")
    assert rv.status_code == 404
    assert rv.data == b"from bp"


def test_401_page(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.add_url_rule("/", "i", lambda: flask.abort(401))
    rv = client.get("/")
    assert rv.status == "401 UNAUTHORIZED"
    assert b"<title>401 Unauthorized</title>" in rv.data


def test_www_authenticate_from_exception(app: t.Any, client: t.Any) -> None:
    from werkzeug.datastructures import WWWAuthenticate
    from werkzeug.exceptions import Unauthorized

    @app.route("/")
    def index() -> str:
        raise Unauthorized(www_authenticate=WWWAuthenticate("basic", {"realm": "r"}))

    assert client.get("/").headers["WWW-Authenticate"] == "Basic realm=r"


def test_retry_after_from_exception(app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import TooManyRequests

    @app.route("/")
    def index() -> str:
        raise TooManyRequests(retry_after=30)

    rv = client.get("/")
    assert rv.status == "429 TOO MANY REQUESTS"
    assert rv.headers["Retry-After"] == "30"


def test_routing_redirect_not_sent_to_handlers(app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import HTTPException

    app.register_error_handler(HTTPException, lambda e: ("handled", 500))
    app.add_url_rule("/dir/", "d", lambda: "dir")
    rv = client.get("/dir")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/dir/"


def test_http_exception_handler_catches_unhandled_500(app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import HTTPException

    app.testing = False
    app.register_error_handler(HTTPException, lambda e: (f"http {e.code}", e.code))

    @app.route("/")
    def index() -> str:
        raise ValueError("x")

    rv = client.get("/")
    assert rv.status_code == 500
    assert rv.data == b"http 500"


def test_exception_handler_handles_before_propagation(app: t.Any, client: t.Any) -> None:
    app.register_error_handler(Exception, lambda e: (f"caught {type(e).__name__}", 500))

    @app.route("/")
    def index() -> str:
        raise ValueError("x")

    assert client.get("/").data == b"caught ValueError"


def test_abort_in_error_handler_propagates_when_testing(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    from werkzeug.exceptions import Forbidden

    @app.errorhandler(ValueError)
    def on_value(e: ValueError) -> str:
        flask.abort(403)

    @app.route("/")
    def index() -> str:
        raise ValueError("x")

    with pytest.raises(Forbidden):
        client.get("/")


def test_abort_in_error_handler_is_500(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.testing = False

    @app.errorhandler(ValueError)
    def on_value(e: ValueError) -> str:
        flask.abort(403)

    @app.route("/")
    def index() -> str:
        raise ValueError("x")

    assert client.get("/").status_code == 500


def test_error_handler_returning_none_is_type_error(app: t.Any, client: t.Any) -> None:
    app.register_error_handler(404, lambda e: None)
    with pytest.raises(TypeError, match="did not return a valid response"):
        client.get("/missing")


def test_405_handler_response_has_no_allow(app: t.Any, client: t.Any) -> None:
    app.register_error_handler(405, lambda e: ("nope", 405))
    app.add_url_rule("/", "i", lambda: "", methods=["POST"])
    rv = client.get("/")
    assert rv.status_code == 405
    assert rv.data == b"nope"
    assert "Allow" not in rv.headers


def test_405_handler_returning_exception_keeps_allow(app: t.Any, client: t.Any) -> None:
    app.register_error_handler(405, lambda e: e)
    app.add_url_rule("/", "i", lambda: "", methods=["POST"])
    rv = client.get("/")
    assert rv.status_code == 405
    assert sorted(rv.headers["Allow"].split(", ")) == ["OPTIONS", "POST"]


def test_405_request_attributes(flask: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    @app.errorhandler(405)
    def on_405(e: t.Any) -> t.Any:
        seen.append((flask.request.url_rule, type(flask.request.routing_exception).__name__))
        return e

    app.add_url_rule("/", "i", lambda: "", methods=["POST"])
    client.get("/")
    assert seen == [(None, "MethodNotAllowed")]


def test_view_returning_http_exception(app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import Gone

    app.add_url_rule("/", "i", lambda: Gone())
    rv = client.get("/")
    assert rv.status == "410 GONE"
    assert b"<title>410 Gone</title>" in rv.data


def test_http_exception_without_code_passes_through(app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import HTTPException

    class NoCode(HTTPException):
        pass

    handled: list[t.Any] = []
    app.register_error_handler(HTTPException, lambda e: handled.append(e) or ("h", 500))

    @app.route("/")
    def index() -> str:
        raise NoCode(response=app.response_class("raw response", status=299))

    rv = client.get("/")
    assert rv.status_code == 299
    assert rv.data == b"raw response"
    assert handled == []


def test_abort_with_response_not_sent_to_handlers(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from werkzeug.exceptions import HTTPException

    app.register_error_handler(HTTPException, lambda e: ("handled", 500))

    @app.route("/")
    def index() -> str:
        flask.abort(flask.Response("direct", status=418))

    rv = client.get("/")
    assert rv.status_code == 418
    assert rv.data == b"direct"


def test_abort_with_code_and_response_in_handler(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.errorhandler(401)
    def on_401(e: t.Any) -> t.Any:
        return f"{e.code} {e.description}", 401, {"WWW-Authenticate": "Basic"}

    @app.route("/")
    def index() -> str:
        flask.abort(401, "login first")

    rv = client.get("/")
    assert rv.data == b"401 login first"
    assert rv.headers["WWW-Authenticate"] == "Basic"


def test_abort_in_before_request_skips_view_but_runs_after(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    order: list[str] = []
    app.before_request(lambda: flask.abort(403))
    app.after_request(lambda r: (order.append(f"after {r.status_code}"), r)[1])
    app.add_url_rule("/", "i", lambda: order.append("view") or "ok")
    assert client.get("/").status_code == 403
    assert order == ["after 403"]


def test_error_handler_sees_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.register_error_handler(404, lambda e: (f"no {flask.request.path}", 404))
    assert client.get("/what?x=1").data == b"no /what"


def test_error_in_blueprint_before_request_uses_blueprint_handler(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    bp = flask.Blueprint("bp", __name__)
    bp.register_error_handler(KeyError, lambda e: "bp")
    app.register_error_handler(KeyError, lambda e: "app")

    @bp.before_request
    def fail() -> None:
        raise KeyError()

    bp.add_url_rule("/v", "v", lambda: "v")
    app.register_blueprint(bp)
    assert client.get("/v").data == b"bp"


def test_error_in_before_app_request_for_app_route_uses_app_handler(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    bp = flask.Blueprint("bp", __name__)
    bp.register_error_handler(KeyError, lambda e: "bp")
    app.register_error_handler(KeyError, lambda e: "app")

    @bp.before_app_request
    def fail() -> None:
        raise KeyError()

    app.add_url_rule("/v", "v", lambda: "v")
    app.register_blueprint(bp)
    assert client.get("/v").data == b"app"


def test_debug_mode_propagates_unhandled_errors(app: t.Any, client: t.Any) -> None:
    app.testing = False
    app.debug = True

    @app.route("/")
    def index() -> str:
        raise ValueError("debug")

    with pytest.raises(ValueError, match="debug"):
        client.get("/")


def test_bad_request_not_trapped_in_debug_when_configured(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    app.debug = True
    app.config["TRAP_BAD_REQUEST_ERRORS"] = False

    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.request.args["missing"])

    rv = client.get("/")
    assert rv.status_code == 400
    # In debug mode the page names the missing key.
    assert b"KeyError: &#39;missing&#39;" in rv.data


def test_unhandled_error_is_logged(
    app: t.Any, client: t.Any, caplog: pytest.LogCaptureFixture
) -> None:
    app.testing = False

    @app.route("/broken")
    def broken() -> str:
        raise ValueError("logged")

    with caplog.at_level("ERROR"):
        assert client.get("/broken?x=1").status_code == 500
    records = [r for r in caplog.records if r.name == "behaviour_app"]
    assert [r.getMessage() for r in records] == ["Exception on /broken [GET]"]
    assert records[0].exc_info is not None
    assert records[0].exc_info[0] is ValueError


def test_http_errors_are_not_logged(
    flask: t.Any, app: t.Any, client: t.Any, caplog: pytest.LogCaptureFixture
) -> None:
    app.testing = False
    app.add_url_rule("/", "i", lambda: flask.abort(403))
    with caplog.at_level("DEBUG"):
        client.get("/")
        client.get("/missing")
    assert [r for r in caplog.records if r.name == "behaviour_app"] == []
