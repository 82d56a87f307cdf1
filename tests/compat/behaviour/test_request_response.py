"""Request and Response (reference A.3): what a view reads and what the client receives."""

from __future__ import annotations

import io
import typing as t

import pytest


def test_args(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        args = flask.request.args
        return {"a": args.getlist("a"), "b": args.get("b", type=int), "missing": args.get("m")}

    rv = client.get("/?a=1&a=2&b=7")
    assert rv.get_json() == {"a": ["1", "2"], "b": 7, "missing": None}


def test_missing_arg_key_is_400(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.request.args["nope"])

    rv = client.get("/")
    assert rv.status == "400 BAD REQUEST"
    assert b"The browser (or proxy) sent a request that this server could not understand." in (
        rv.data
    )


def test_form_urlencoded(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return {"form": flask.request.form.to_dict(flat=False), "mimetype": flask.request.mimetype}

    rv = client.post("/", data={"x": ["1", "2"], "y": "é"})
    assert rv.get_json() == {
        "form": {"x": ["1", "2"], "y": ["é"]},
        "mimetype": "application/x-www-form-urlencoded",
    }


def test_missing_form_key_is_400(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> str:
        return t.cast(str, flask.request.form["nope"])

    assert client.post("/", data={"a": "b"}).status_code == 400


def test_missing_form_key_in_debug_names_the_key(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.debug = True

    @app.route("/", methods=["POST"])
    def index() -> str:
        return t.cast(str, flask.request.form["nope"])

    with pytest.raises(KeyError) as info:
        client.post("/", data={"a": "b"})
    assert "nope" in str(info.value)


def test_files_multipart(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        f = flask.request.files["upload"]
        return {
            "name": f.filename,
            "type": f.content_type,
            "body": f.read().decode(),
            "field": flask.request.form["field"],
        }

    rv = client.post(
        "/",
        data={"upload": (io.BytesIO(b"content"), "a.txt", "text/plain"), "field": "v"},
    )
    assert rv.get_json() == {"name": "a.txt", "type": "text/plain", "body": "content", "field": "v"}


def test_files_key_error_in_debug_explains_enctype(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.debug = True

    @app.route("/", methods=["POST"])
    def index() -> str:
        return str(flask.request.files["upload"])

    from flask.debughelpers import DebugFilesKeyError

    with pytest.raises(DebugFilesKeyError) as info:
        client.post("/", data={"upload": "a.txt"})
    message = str(info.value)
    assert "'upload'" in message
    assert 'enctype="multipart/form-data"' in message
    assert "no file contents were transmitted" in message
    assert "This was submitted: 'a.txt'" in message
    assert isinstance(info.value, KeyError)


def test_values_combines_args_and_form(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return flask.request.values.to_dict(flat=False)

    assert client.post("/?a=1", data={"a": "2", "b": "3"}).get_json() == {
        "a": ["1", "2"],
        "b": ["3"],
    }


def test_get_json(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return {"json": flask.request.json, "is_json": flask.request.is_json}

    rv = client.post("/", json={"k": [1, 2]})
    assert rv.get_json() == {"json": {"k": [1, 2]}, "is_json": True}


def test_json_with_wrong_content_type_is_415(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return flask.request.json

    rv = client.post("/", data="{}", content_type="text/plain")
    assert rv.status == "415 UNSUPPORTED MEDIA TYPE"
    assert b"Did not attempt to load JSON data because the request Content-Type was not" in (
        rv.data
    )


def test_invalid_json_is_400(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return flask.request.get_json()

    rv = client.post("/", data="{nope", content_type="application/json")
    assert rv.status_code == 400
    assert b"Failed to decode JSON object" not in rv.data
    assert b"The browser (or proxy) sent a request that this server could not understand." in (
        rv.data
    )


def test_invalid_json_in_debug_shows_reason(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.debug = True
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return flask.request.get_json()

    rv = client.post("/", data="{nope", content_type="application/json")
    assert rv.status_code == 400
    assert b"Failed to decode JSON object" in rv.data


def test_get_json_silent_and_force(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return {
            "silent": flask.request.get_json(silent=True),
            "forced": flask.request.get_json(force=True, silent=True),
        }

    assert client.post("/", data="[1]", content_type="text/plain").get_json() == {
        "silent": None,
        "forced": [1],
    }
    assert client.post("/", data="{bad", content_type="application/json").get_json() == {
        "silent": None,
        "forced": None,
    }


def test_json_content_type_variants(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return {"is_json": flask.request.is_json}

    rv = client.post("/", data="{}", content_type="application/vnd.api+json")
    assert rv.get_json() == {"is_json": True}


def test_on_json_loading_failed_override(flask: t.Any, app: t.Any, client: t.Any) -> None:
    class MyRequest(flask.Request):
        def on_json_loading_failed(self, e: Exception | None) -> t.Any:
            return {"fallback": True}

    app.request_class = MyRequest

    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return flask.request.get_json()

    assert client.post("/", data="{bad", content_type="application/json").get_json() == {
        "fallback": True
    }


def test_get_data_and_text(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["PUT"])
    def index() -> t.Any:
        return {
            "data": flask.request.get_data(as_text=True),
            "length": flask.request.content_length,
        }

    assert client.put("/", data=b"raw body").get_json() == {"data": "raw body", "length": 8}


def test_max_content_length_is_413(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 4

    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return {"len": len(flask.request.get_data())}

    assert client.post("/", data=b"1234").get_json() == {"len": 4}
    rv = client.post("/", data=b"12345")
    assert rv.status == "413 REQUEST ENTITY TOO LARGE"
    assert b"The data value transmitted exceeds the capacity limit." in rv.data


def test_max_content_length_applies_to_form(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10

    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return flask.request.form.to_dict()

    assert client.post("/", data={"field": "x" * 50}).status_code == 413


def test_max_content_length_per_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 4

    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        flask.request.max_content_length = 100
        return {"len": len(flask.request.get_data())}

    assert client.post("/", data=b"x" * 50).get_json() == {"len": 50}


def test_limits_come_from_config(flask: t.Any, app: t.Any) -> None:
    app.config.update(MAX_CONTENT_LENGTH=10, MAX_FORM_MEMORY_SIZE=20, MAX_FORM_PARTS=30)
    with app.test_request_context():
        assert flask.request.max_content_length == 10
        assert flask.request.max_form_memory_size == 20
        assert flask.request.max_form_parts == 30


def test_default_limits(flask: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        assert flask.request.max_content_length is None
        assert flask.request.max_form_memory_size == 500_000
        assert flask.request.max_form_parts == 1_000


def test_max_form_memory_size_is_413(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = 5

    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return flask.request.form.to_dict()

    rv = client.post("/", data={"f": "x" * 20}, content_type="multipart/form-data")
    assert rv.status_code == 413


def test_url_attributes(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/p/<x>")
    def index(x: str) -> t.Any:
        r = flask.request
        return {
            "path": r.path,
            "full_path": r.full_path,
            "url": r.url,
            "base_url": r.base_url,
            "url_root": r.url_root,
            "host": r.host,
            "host_url": r.host_url,
            "scheme": r.scheme,
            "method": r.method,
        }

    assert client.get("/p/a?q=1", base_url="https://h.test:8443").get_json() == {
        "path": "/p/a",
        "full_path": "/p/a?q=1",
        "url": "https://h.test:8443/p/a?q=1",
        "base_url": "https://h.test:8443/p/a",
        "url_root": "https://h.test:8443/",
        "host": "h.test:8443",
        "host_url": "https://h.test:8443/",
        "scheme": "https",
        "method": "GET",
    }


def test_headers_cookies_remote_addr(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        r = flask.request
        return {
            "header": r.headers.get("X-Custom"),
            "cookie": r.cookies.get("c"),
            "remote": r.remote_addr,
            "agent": r.user_agent.string,
        }

    client.set_cookie("c", "v")
    rv = client.get("/", headers={"X-Custom": "hdr", "User-Agent": "tester/1"})
    assert rv.get_json() == {
        "header": "hdr",
        "cookie": "v",
        "remote": "127.0.0.1",
        "agent": "tester/1",
    }


def test_authorization(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        auth = flask.request.authorization
        return {"type": auth.type, "user": auth.username, "password": auth.password}

    rv = client.get("/", auth=("ann", "secret"))
    assert rv.get_json() == {"type": "basic", "user": "ann", "password": "secret"}


def test_request_json_module(flask: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        assert flask.request.json_module is app.json
        assert flask.request.json_module.loads('{"a": 1}') == {"a": 1}
    assert flask.Request.json_module.loads is flask.json.loads
    assert flask.Response.json_module.dumps is flask.json.dumps


# Responses


def test_response_defaults(flask: t.Any) -> None:
    rv = flask.Response("x")
    assert rv.mimetype == "text/html"
    assert rv.status == "200 OK"
    assert rv.autocorrect_location_header is False


def test_redirect_location_is_not_made_absolute(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return flask.redirect("/target")

    rv = client.get("/")
    assert rv.status == "302 FOUND"
    assert rv.headers["Location"] == "/target"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'<a href="/target">/target</a>' in rv.data


def test_redirect_code(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return flask.redirect("https://other.test/x", 301)

    rv = client.get("/")
    assert rv.status == "301 MOVED PERMANENTLY"
    assert rv.headers["Location"] == "https://other.test/x"


def test_follow_redirects(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/a")
    def a() -> t.Any:
        return flask.redirect(flask.url_for("b"))

    @app.route("/b")
    def b() -> str:
        return "landed"

    rv = client.get("/a", follow_redirects=True)
    assert rv.data == b"landed"
    assert [r.status_code for r in rv.history] == [302]
    assert rv.request.path == "/b"


def test_set_cookie_header(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        rv = flask.make_response("c")
        rv.set_cookie("name", "value", max_age=60, httponly=True, samesite="Lax")
        return rv

    header = client.get("/").headers["Set-Cookie"]
    assert header.startswith("name=value; ")
    assert "Max-Age=60" in header
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Path=/" in header


def test_max_cookie_size_from_config(flask: t.Any, app: t.Any) -> None:
    app.config["MAX_COOKIE_SIZE"] = 10
    with app.test_request_context():
        assert flask.Response().max_cookie_size == 10
    assert flask.Response().max_cookie_size == 4093


def test_oversized_cookie_warns(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.config["MAX_COOKIE_SIZE"] = 20

    @app.route("/")
    def index() -> t.Any:
        rv = flask.make_response("c")
        rv.set_cookie("name", "v" * 40)
        return rv

    with pytest.warns(UserWarning, match="The 'name' cookie is too large"):
        client.get("/")


def test_response_status_forms(flask: t.Any) -> None:
    assert flask.Response(status=404).status == "404 NOT FOUND"
    assert flask.Response(status="201").status == "201 CREATED"
    assert flask.Response(status=299).status == "299 UNKNOWN"


def test_head_strips_body_of_streamed_response(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        def gen() -> t.Iterator[str]:
            yield "streamed"

        return gen()

    rv = client.head("/")
    assert rv.status_code == 200
    assert rv.data == b""


def test_response_headers_from_view_are_kept(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        rv = flask.make_response("body")
        rv.headers["Vary"] = "Accept"
        rv.headers["Cache-Control"] = "no-store"
        return rv

    rv = client.get("/")
    assert rv.headers["Vary"] == "Accept"
    assert rv.headers["Cache-Control"] == "no-store"


def test_session_access_adds_vary_cookie(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return str(flask.session.get("x"))

    rv = client.get("/")
    assert rv.headers["Vary"] == "Cookie"
    assert "Set-Cookie" not in rv.headers


def test_no_session_access_no_vary(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "plain"

    assert "Vary" not in client.get("/").headers


def test_empty_json_body_is_400(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return {"v": flask.request.get_json()}

    assert client.post("/", data=b"", content_type="application/json").status_code == 400


def test_json_on_get_without_body_is_415(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return {"v": flask.request.json}

    assert client.get("/").status_code == 415


def test_form_is_empty_for_json(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return {"form": flask.request.form.to_dict(), "data": flask.request.get_data(as_text=True)}

    assert client.post("/", json={"a": 1}).get_json() == {"form": {}, "data": '{"a": 1}'}


def test_query_string_decoding(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return {
            "args": flask.request.args.to_dict(flat=False),
            "raw": flask.request.query_string.decode(),
        }

    rv = client.get("/?a=1+2&b=%C3%A9&c=&d")
    assert rv.get_json() == {
        "args": {"a": ["1 2"], "b": ["é"], "c": [""], "d": [""]},
        "raw": "a=1+2&b=%C3%A9&c=&d",
    }


def test_non_ascii_path(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/café/<name>")
    def cafe(name: str) -> t.Any:
        return {"name": name, "path": flask.request.path, "url": flask.url_for("cafe", name="ü")}

    assert client.get("/caf%C3%A9/cr%C3%A8me").get_json() == {
        "name": "crème",
        "path": "/café/crème",
        "url": "/caf%C3%A9/%C3%BC",
    }


def test_encoded_slash_does_not_match_string_converter(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.route("/s/<name>")
    def name(name: str) -> str:
        return name

    assert client.get("/s/a%2Fb").status_code == 404


def test_access_route_and_forwarded_headers(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return {"route": flask.request.access_route, "remote": flask.request.remote_addr}

    rv = client.get("/", headers={"X-Forwarded-For": "1.2.3.4, 5.6.7.8"})
    assert rv.get_json() == {"route": ["1.2.3.4", "5.6.7.8"], "remote": "127.0.0.1"}


def test_environ_overrides_remote_addr(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.request.remote_addr)

    rv = client.get("/", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert rv.data == b"10.0.0.9"


def test_multiple_cookies_and_headers(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        rv = flask.make_response("c")
        rv.set_cookie("a", "1")
        rv.set_cookie("b", "2", path="/sub", domain="example.test", secure=True)
        rv.headers.add("X-Multi", "1")
        rv.headers.add("X-Multi", "2")
        return rv

    rv = client.get("/")
    cookies = rv.headers.getlist("Set-Cookie")
    assert cookies == [
        "a=1; Path=/",
        "b=2; Domain=example.test; Secure; Path=/sub",
    ]
    assert rv.headers.getlist("X-Multi") == ["1", "2"]


def test_delete_cookie_header(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        rv = flask.make_response("d")
        rv.delete_cookie("gone")
        return rv

    assert client.get("/").headers["Set-Cookie"] == (
        "gone=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"
    )


def test_cookie_sent_back_by_client(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/set")
    def set_cookie() -> t.Any:
        rv = flask.make_response("set")
        rv.set_cookie("token", "abc")
        return rv

    @app.route("/read")
    def read() -> str:
        return flask.request.cookies.get("token", "none")

    client.get("/set")
    assert client.get("/read").data == b"abc"
    assert client.get_cookie("token").value == "abc"


def test_make_conditional_etag(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        rv = flask.make_response("tagged")
        rv.add_etag()
        return rv.make_conditional(flask.request)

    first = client.get("/")
    etag = first.headers["ETag"]
    rv = client.get("/", headers={"If-None-Match": etag})
    assert rv.status_code == 304
    assert rv.data == b""


def test_response_with_explicit_content_length(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        def gen() -> t.Iterator[bytes]:
            yield b"abc"

        return flask.Response(gen(), headers={"Content-Length": "3"}, mimetype="text/plain")

    rv = client.get("/")
    assert rv.headers["Content-Length"] == "3"
    assert rv.data == b"abc"


def test_head_on_explicit_head_route(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["HEAD"])
    def index() -> t.Any:
        return "", 204, {"X-Head": "yes"}

    rv = client.head("/")
    assert rv.status == "204 NO CONTENT"
    assert rv.headers["X-Head"] == "yes"
    assert client.get("/").status_code == 405


def test_method_seen_by_view_for_head(flask: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[str] = []

    @app.route("/")
    def index() -> str:
        seen.append(flask.request.method)
        return "body"

    client.head("/")
    assert seen == ["HEAD"]


def test_json_response_property(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return {"x": 1}

    rv = client.get("/")
    assert rv.json == {"x": 1}
    assert rv.is_json
    assert rv.text == '{"x":1}\n'
