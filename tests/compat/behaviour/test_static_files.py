"""Static files and file sending (reference A.15): the static route, send_file and
send_from_directory, with their caching, conditional and range headers."""

from __future__ import annotations

import io
import typing as t

import pytest

CSS = b"body { color: red; }"


@pytest.fixture
def site(flask: t.Any, tmp_path: t.Any) -> t.Any:
    """An app whose root path holds ``static/style.css``, ``files/report.txt`` and a secret."""
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_bytes(CSS)
    (tmp_path / "static" / "sub").mkdir()
    (tmp_path / "static" / "sub" / "page.html").write_text("<p>sub</p>")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "report.txt").write_text("report body")
    (tmp_path / "secret.txt").write_text("secret")
    app = flask.Flask("behaviour_app", root_path=str(tmp_path))
    app.config["TESTING"] = True
    return app


@pytest.fixture
def site_client(site: t.Any, protocol: str) -> t.Any:
    return site.test_client() if protocol == "wsgi" else site.test_client(protocol=protocol)


def get(client: t.Any, path: str, **kwargs: t.Any) -> t.Any:
    """Make a GET request and read the whole body, then close the response and its file."""
    rv = client.get(path, **kwargs)
    rv.get_data()
    rv.close()
    return rv


def test_static_file_headers(site_client: t.Any) -> None:
    rv = get(site_client, "/static/style.css")
    assert rv.status == "200 OK"
    assert rv.data == CSS
    assert rv.headers["Content-Type"] == "text/css; charset=utf-8"
    assert rv.headers["Content-Length"] == str(len(CSS))
    assert rv.headers["Content-Disposition"] == "inline; filename=style.css"
    assert rv.headers["Cache-Control"] == "no-cache"
    assert rv.headers["Accept-Ranges"] == "bytes"
    assert rv.headers["ETag"].startswith('"')
    assert rv.headers["Last-Modified"].endswith(" GMT")
    assert "Expires" not in rv.headers


def test_static_subdirectory(site_client: t.Any) -> None:
    rv = get(site_client, "/static/sub/page.html")
    assert rv.data == b"<p>sub</p>"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"


def test_static_missing_file_is_404(site_client: t.Any) -> None:
    assert get(site_client, "/static/nope.css").status_code == 404


@pytest.mark.parametrize(
    "path", ["/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/sub/../../secret.txt"]
)
def test_static_path_traversal_is_404(site_client: t.Any, path: str) -> None:
    rv = get(site_client, path)
    assert rv.status_code == 404
    assert b"secret" not in rv.data


def test_static_directory_is_404(site_client: t.Any) -> None:
    assert get(site_client, "/static/sub").status_code == 404


def test_static_if_none_match_is_304(site_client: t.Any) -> None:
    etag = get(site_client, "/static/style.css").headers["ETag"]
    rv = get(site_client, "/static/style.css", headers={"If-None-Match": etag})
    assert rv.status == "304 NOT MODIFIED"
    assert rv.data == b""
    assert rv.headers["ETag"] == etag
    assert "Content-Length" not in rv.headers
    assert "Content-Type" not in rv.headers


def test_static_if_modified_since_is_304(site_client: t.Any) -> None:
    modified = get(site_client, "/static/style.css").headers["Last-Modified"]
    rv = get(site_client, "/static/style.css", headers={"If-Modified-Since": modified})
    assert rv.status_code == 304


def test_static_stale_etag_is_200(site_client: t.Any) -> None:
    rv = get(site_client, "/static/style.css", headers={"If-None-Match": '"other"'})
    assert rv.status_code == 200
    assert rv.data == CSS


def test_static_range_is_206(site_client: t.Any) -> None:
    rv = get(site_client, "/static/style.css", headers={"Range": "bytes=0-3"})
    assert rv.status == "206 PARTIAL CONTENT"
    assert rv.data == b"body"
    assert rv.headers["Content-Range"] == f"bytes 0-3/{len(CSS)}"
    assert rv.headers["Content-Length"] == "4"


def test_static_suffix_range(site_client: t.Any) -> None:
    rv = get(site_client, "/static/style.css", headers={"Range": "bytes=-2"})
    assert rv.status_code == 206
    assert rv.data == b" }"


def test_static_unsatisfiable_range_is_416(site_client: t.Any) -> None:
    rv = get(site_client, "/static/style.css", headers={"Range": "bytes=100-200"})
    assert rv.status == "416 REQUESTED RANGE NOT SATISFIABLE"
    assert rv.headers["Content-Range"] == f"bytes */{len(CSS)}"
    assert b"The server cannot provide the requested range." in rv.data


def test_static_if_range_mismatch_sends_whole_file(site_client: t.Any) -> None:
    rv = get(site_client, "/static/style.css", headers={"Range": "bytes=0-3", "If-Range": '"old"'})
    assert rv.status_code == 200
    assert rv.data == CSS


def test_static_head(site_client: t.Any) -> None:
    rv = site_client.head("/static/style.css")
    assert rv.status_code == 200
    assert rv.data == b""
    assert rv.headers["Content-Length"] == str(len(CSS))
    rv.close()


def test_static_post_is_405(site_client: t.Any) -> None:
    rv = site_client.post("/static/style.css")
    assert rv.status_code == 405
    assert sorted(rv.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]


def test_send_file_max_age_config(site: t.Any, site_client: t.Any) -> None:
    site.config["SEND_FILE_MAX_AGE_DEFAULT"] = 60
    rv = get(site_client, "/static/style.css")
    assert rv.headers["Cache-Control"] == "public, max-age=60"
    assert rv.headers["Expires"].endswith(" GMT")


def test_send_file_max_age_timedelta(site: t.Any, site_client: t.Any) -> None:
    import datetime

    site.config["SEND_FILE_MAX_AGE_DEFAULT"] = datetime.timedelta(hours=1)
    assert get(site_client, "/static/style.css").headers["Cache-Control"] == (
        "public, max-age=3600"
    )


def test_get_send_file_max_age_override(flask: t.Any, tmp_path: t.Any, protocol: str) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.js").write_text("js")
    (tmp_path / "static" / "a.css").write_text("css")

    class App(flask.Flask):
        def get_send_file_max_age(self, filename: str | None) -> int | None:
            return 10 if filename is not None and filename.endswith(".js") else None

    app = App("behaviour_app", root_path=str(tmp_path))
    client = app.test_client() if protocol == "wsgi" else app.test_client(protocol=protocol)
    assert get(client, "/static/a.js").headers["Cache-Control"] == "public, max-age=10"
    assert get(client, "/static/a.css").headers["Cache-Control"] == "no-cache"


def test_custom_static_url_path(flask: t.Any, tmp_path: t.Any, protocol: str) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.txt").write_text("x")
    app = flask.Flask(
        "behaviour_app", root_path=str(tmp_path), static_folder="assets", static_url_path="/s"
    )
    client = app.test_client() if protocol == "wsgi" else app.test_client(protocol=protocol)
    assert get(client, "/s/x.txt").data == b"x"
    assert get(client, "/assets/x.txt").status_code == 404
    with app.test_request_context():
        assert flask.url_for("static", filename="x.txt") == "/s/x.txt"


def test_empty_static_url_path(flask: t.Any, tmp_path: t.Any, protocol: str) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "robots.txt").write_text("robots")
    app = flask.Flask("behaviour_app", root_path=str(tmp_path), static_url_path="")
    client = app.test_client() if protocol == "wsgi" else app.test_client(protocol=protocol)
    assert get(client, "/robots.txt").data == b"robots"


def test_url_for_static(flask: t.Any, site: t.Any) -> None:
    with site.test_request_context():
        assert flask.url_for("static", filename="sub/page.html") == "/static/sub/page.html"
        assert flask.url_for("static", filename="a b.css") == "/static/a%20b.css"


def test_send_static_file_from_view(flask: t.Any, site: t.Any, site_client: t.Any) -> None:
    @site.route("/style")
    def style() -> t.Any:
        return site.send_static_file("style.css")

    rv = get(site_client, "/style")
    assert rv.data == CSS
    assert rv.headers["Content-Type"] == "text/css; charset=utf-8"


def test_send_static_file_without_static_folder(flask: t.Any) -> None:
    app = flask.Flask("behaviour_app", static_folder=None)
    with app.test_request_context(), pytest.raises(RuntimeError):
        app.send_static_file("x.css")


def test_send_from_directory(flask: t.Any, site: t.Any, site_client: t.Any) -> None:
    @site.route("/files/<path:name>")
    def files(name: str) -> t.Any:
        return flask.send_from_directory("files", name)

    rv = get(site_client, "/files/report.txt")
    assert rv.data == b"report body"
    assert rv.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert rv.headers["Content-Disposition"] == "inline; filename=report.txt"
    assert get(site_client, "/files/missing.txt").status_code == 404
    assert get(site_client, "/files/../secret.txt").status_code == 404


def test_send_from_directory_traversal_raises_not_found(flask: t.Any, site: t.Any) -> None:
    from werkzeug.exceptions import NotFound

    with site.test_request_context(), pytest.raises(NotFound):
        flask.send_from_directory("files", "../secret.txt")


def test_send_from_directory_as_attachment(flask: t.Any, site: t.Any, site_client: t.Any) -> None:
    @site.route("/dl")
    def download() -> t.Any:
        return flask.send_from_directory("files", "report.txt", as_attachment=True)

    rv = get(site_client, "/dl")
    assert rv.headers["Content-Disposition"] == "attachment; filename=report.txt"


def test_send_file_path_relative_to_root(flask: t.Any, site: t.Any, site_client: t.Any) -> None:
    @site.route("/r")
    def report() -> t.Any:
        return flask.send_file("files/report.txt")

    rv = get(site_client, "/r")
    assert rv.data == b"report body"
    assert "ETag" in rv.headers


def test_send_file_bytesio(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/b")
    def data() -> t.Any:
        return flask.send_file(io.BytesIO(b"binary"), mimetype="application/octet-stream")

    rv = get(client, "/b")
    assert rv.data == b"binary"
    assert rv.headers["Content-Type"] == "application/octet-stream"
    assert "ETag" not in rv.headers
    assert "Last-Modified" not in rv.headers
    assert "Content-Disposition" not in rv.headers
    assert rv.headers["Cache-Control"] == "no-cache"


def test_send_file_download_name_non_ascii(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/d")
    def download() -> t.Any:
        return flask.send_file(io.BytesIO(b"cv"), as_attachment=True, download_name="résumé.txt")

    rv = get(client, "/d")
    assert rv.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert rv.headers["Content-Disposition"] == (
        "attachment; filename=resume.txt; filename*=UTF-8''r%C3%A9sum%C3%A9.txt"
    )


def test_send_file_without_mimetype_or_name(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/x")
    def data() -> t.Any:
        return flask.send_file(io.BytesIO(b"?"))

    with pytest.raises(TypeError, match="Unable to detect the MIME type"):
        client.get("/x")


def test_send_file_etag_false_and_string(flask: t.Any, site: t.Any, site_client: t.Any) -> None:
    @site.route("/<mode>")
    def report(mode: str) -> t.Any:
        etag: t.Any = False if mode == "none" else "custom-tag"
        return flask.send_file("files/report.txt", etag=etag)

    assert "ETag" not in get(site_client, "/none").headers
    assert get(site_client, "/custom").headers["ETag"] == '"custom-tag"'
    rv = get(site_client, "/custom", headers={"If-None-Match": '"custom-tag"'})
    assert rv.status_code == 304


def test_send_file_not_conditional(flask: t.Any, site: t.Any, site_client: t.Any) -> None:
    @site.route("/r")
    def report() -> t.Any:
        return flask.send_file("files/report.txt", conditional=False)

    rv = get(site_client, "/r", headers={"Range": "bytes=0-1"})
    assert rv.status_code == 200
    assert rv.data == b"report body"
    assert "Accept-Ranges" not in rv.headers


def test_send_file_x_sendfile(flask: t.Any, site: t.Any, site_client: t.Any) -> None:
    import os

    site.config["USE_X_SENDFILE"] = True

    @site.route("/r")
    def report() -> t.Any:
        return flask.send_file("files/report.txt")

    rv = get(site_client, "/r")
    assert rv.data == b""
    assert rv.headers["X-Sendfile"] == os.path.join(site.root_path, "files", "report.txt")


def test_open_ended_range(site_client: t.Any) -> None:
    rv = get(site_client, "/static/style.css", headers={"Range": "bytes=15-"})
    assert rv.status_code == 206
    assert rv.data == CSS[15:]
    assert rv.headers["Content-Range"] == f"bytes 15-{len(CSS) - 1}/{len(CSS)}"


def test_multiple_ranges_are_416(site_client: t.Any) -> None:
    rv = get(site_client, "/static/style.css", headers={"Range": "bytes=0-1,3-4"})
    assert rv.status_code == 416


def test_range_on_head(site_client: t.Any) -> None:
    rv = site_client.head("/static/style.css", headers={"Range": "bytes=0-1"})
    rv.close()
    assert rv.status_code == 206
    assert rv.headers["Content-Length"] == "2"
    assert rv.data == b""


def test_if_none_match_star_is_304(site_client: t.Any) -> None:
    assert get(site_client, "/static/style.css", headers={"If-None-Match": "*"}).status_code == 304


def test_if_match_mismatch_is_412(site_client: t.Any) -> None:
    rv = get(site_client, "/static/style.css", headers={"If-Match": '"nope"'})
    assert rv.status == "412 PRECONDITION FAILED"


def test_send_file_max_age_argument(flask: t.Any, site: t.Any, site_client: t.Any) -> None:
    @site.route("/<int:age>")
    def report(age: int) -> t.Any:
        return flask.send_file("files/report.txt", max_age=age if age else lambda path: 5)

    assert get(site_client, "/30").headers["Cache-Control"] == "public, max-age=30"
    assert get(site_client, "/0").headers["Cache-Control"] == "public, max-age=5"


def test_send_file_last_modified_argument(flask: t.Any, app: t.Any, client: t.Any) -> None:
    import datetime

    @app.route("/")
    def data() -> t.Any:
        modified = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        return flask.send_file(io.BytesIO(b"x"), mimetype="text/plain", last_modified=modified)

    rv = get(client, "/")
    assert rv.headers["Last-Modified"] == "Wed, 01 Jan 2020 00:00:00 GMT"
    since = {"If-Modified-Since": "Wed, 01 Jan 2020 00:00:00 GMT"}
    assert get(client, "/", headers=since).status_code == 304


def test_send_file_mimetype_from_download_name(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/<name>")
    def data(name: str) -> t.Any:
        return flask.send_file(io.BytesIO(b"?"), download_name=name)

    assert get(client, "/x.html").headers["Content-Type"] == "text/html; charset=utf-8"
    assert get(client, "/x.csv").headers["Content-Type"] == "text/csv; charset=utf-8"
    assert get(client, "/x.zzzq").headers["Content-Type"] == "application/octet-stream"


def test_send_file_open_file_object(flask: t.Any, site: t.Any, site_client: t.Any) -> None:
    @site.route("/r")
    def report() -> t.Any:
        return flask.send_file(site.open_resource("files/report.txt"), mimetype="text/plain")

    rv = get(site_client, "/r")
    assert rv.data == b"report body"
    assert "Content-Disposition" not in rv.headers


def test_static_file_with_trailing_slash(site_client: t.Any) -> None:
    rv = get(site_client, "/static/style.css/")
    assert rv.status_code == 200
    assert rv.data == CSS


def test_static_options(site_client: t.Any) -> None:
    rv = site_client.options("/static/style.css")
    assert rv.status_code == 200
    assert sorted(rv.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]
