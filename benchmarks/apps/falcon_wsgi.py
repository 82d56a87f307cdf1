"""The benchmark cases as Falcon's documentation writes them for WSGI (``falcon.App``):
resource classes with ``on_get``/``on_post`` responders, ``resp.media`` for JSON, and Jinja2
called directly for templates, as Falcon's FAQ shows. Falcon has no sessions."""

from __future__ import annotations

from pathlib import Path

import falcon
import jinja2

from .data import FILLER_ROUTES, ROWS

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True
)


class HelloResource:
    def on_get(self, req, resp):
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = "Hello, World!"


class FillerResource:
    def on_get(self, req, resp, a, b):
        resp.media = {"a": a, "b": b}


class PostResource:
    def on_get(self, req, resp, user_id, slug):
        resp.media = {"user_id": user_id, "slug": slug}


class EchoResource:
    def on_post(self, req, resp):
        resp.media = req.get_media()


class RowsResource:
    def on_get(self, req, resp):
        resp.content_type = falcon.MEDIA_HTML
        resp.text = TEMPLATES.get_template("rows.html").render(title="Rows", rows=ROWS)


def create_hello():
    app = falcon.App()
    app.add_route("/", HelloResource())
    return app


def _create_routed():
    app = falcon.App()
    filler = FillerResource()
    for i in range(FILLER_ROUTES):
        app.add_route(f"/filler{i}/{{a:int}}/{{b}}", filler)
    app.add_route("/users/{user_id:int}/posts/{slug}", PostResource())
    return app


def create_params():
    return _create_routed()


def create_not_found():
    return _create_routed()


def create_json():
    app = falcon.App()
    app.add_route("/echo", EchoResource())
    return app


def create_template():
    app = falcon.App()
    app.add_route("/rows", RowsResource())
    return app
