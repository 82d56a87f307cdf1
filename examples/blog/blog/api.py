"""A read-only JSON API over the posts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from .extensions import db
from .models import Post

bp = Blueprint("api", __name__, url_prefix="/api")


# The 404 handler is named by its code as well: the application's own 404 handler (the HTML
# page) is registered by code, and a handler for a code wins over one for an exception class.
@bp.errorhandler(404)
@bp.errorhandler(HTTPException)
def json_error(error: HTTPException) -> tuple[Response, int]:
    """Errors raised by the API's views reach API clients as JSON, not as the site's HTML
    error pages."""
    return jsonify(error=error.name, description=error.description), error.code or 500


@bp.get("/posts")
def list_posts() -> dict[str, Any]:
    pagination = db.paginate(
        Post.newest_first(),
        per_page=request.args.get("per_page", current_app.config["POSTS_PER_PAGE"], type=int),
        max_per_page=current_app.config["API_MAX_PER_PAGE"],
    )

    def page_url(page: int | None) -> str | None:
        if page is None:
            return None
        return url_for(".list_posts", page=page, per_page=pagination.per_page, _external=True)

    return {
        "posts": [post.to_dict() for post in pagination],
        "page": pagination.page,
        "pages": pagination.pages,
        "total": pagination.total,
        "next": page_url(pagination.next_num),
        "prev": page_url(pagination.prev_num),
    }


@bp.get("/posts/<int:post_id>")
def get_post(post_id: int) -> dict[str, Any]:
    post = db.get_or_404(Post, post_id)
    rv = post.to_dict()
    rv["comments"] = [comment.to_dict() for comment in post.comments]
    rv["url"] = url_for("posts.detail", post_id=post.id, _external=True)
    return rv
