"""A small application written for Flask 3.1, with no demijohn import: a blueprint, hooks,
the session, ``g``, flashing, an error handler, a class-based view, templates, JSON and a
CLI command. The tests load it with the Flask compatibility layer on."""

from __future__ import annotations

import click
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template_string,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask.views import MethodView
from werkzeug.exceptions import NotFound

posts = Blueprint("posts", __name__, url_prefix="/posts")
POSTS = {1: "Hello, Flask"}


class PostAPI(MethodView):
    def get(self, post_id: int) -> ResponseReturnValue:
        if post_id not in POSTS:
            abort(404)
        return {"id": post_id, "title": POSTS[post_id]}

    def delete(self, post_id: int) -> ResponseReturnValue:
        POSTS.pop(post_id, None)
        return "", 204


posts.add_url_rule("/<int:post_id>", view_func=PostAPI.as_view("post"))


@posts.get("/")
def index() -> ResponseReturnValue:
    page = render_template_string(
        "{% for m in get_flashed_messages() %}[{{ m }}]{% endfor %}"
        "{{ g.user }} at {{ url_for('posts.index') }}"
    )
    return page


@posts.post("/")
def create() -> ResponseReturnValue:
    title = request.form["title"]
    POSTS[max(POSTS, default=0) + 1] = title
    flash(f"created {title}")
    return redirect(url_for(".index"))


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="not secret")
    app.register_blueprint(posts)

    @app.before_request
    def load_user() -> None:
        g.user = session.get("user", "anonymous")

    @app.after_request
    def add_header(response):  # type: ignore[no-untyped-def]
        response.headers["X-App"] = current_app.name
        return response

    @app.post("/login")
    def login() -> ResponseReturnValue:
        session["user"] = request.get_json()["user"]
        return jsonify(user=session["user"])

    @app.errorhandler(NotFound)
    def not_found(error: NotFound) -> ResponseReturnValue:
        return {"error": "not found", "path": request.path}, 404

    @app.cli.command("count-posts")
    def count_posts() -> None:
        click.echo(f"{len(POSTS)} post(s) in {current_app.name}")

    return app
