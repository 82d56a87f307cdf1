"""Reading, writing, editing and deleting posts, and commenting on them."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from .extensions import db
from .forms import CommentForm, PostForm
from .models import Comment, Post, User

bp = Blueprint("posts", __name__)


def get_own_post(post_id: int) -> Post:
    """The post, if the current user wrote it: 404 when there is no such post, 403 when
    someone else wrote it."""
    post = db.get_or_404(Post, post_id)
    if post.author_id != current_user.id:
        abort(403)
    return post


@bp.route("/")
def index() -> str:
    # The page number comes from ``?page=``; a page past the end, or one that is not a
    # number, is a 404.
    pagination = db.paginate(Post.newest_first(), per_page=current_app.config["POSTS_PER_PAGE"])
    return render_template("posts/index.html", pagination=pagination)


@bp.route("/users/<username>")
def by_author(username: str) -> str:
    author = db.first_or_404(select(User).filter_by(username=username))
    pagination = db.paginate(
        Post.newest_first().filter_by(author=author),
        per_page=current_app.config["POSTS_PER_PAGE"],
    )
    return render_template("posts/index.html", pagination=pagination, author=author)


@bp.route("/posts/<int:post_id>")
def detail(post_id: int) -> str:
    post = db.get_or_404(Post, post_id)
    return render_template("posts/detail.html", post=post, form=CommentForm())


@bp.route("/posts/new", methods=["GET", "POST"])
@login_required
def create() -> str | Response:
    form = PostForm()
    if form.validate_on_submit():
        post = Post(title=form.title.data, body=form.body.data, author_id=current_user.id)
        db.session.add(post)
        db.session.commit()
        flash("Your post is published.", "success")
        return redirect(url_for("posts.detail", post_id=post.id))
    return render_template("posts/form.html", form=form, post=None)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int) -> str | Response:
    post = get_own_post(post_id)
    form = PostForm(obj=post)
    if form.validate_on_submit():
        form.populate_obj(post)
        post.edited = datetime.now(UTC)
        db.session.commit()
        flash("Your changes are saved.", "success")
        return redirect(url_for("posts.detail", post_id=post.id))
    return render_template("posts/form.html", form=form, post=post)


@bp.post("/posts/<int:post_id>/delete")
@login_required
def delete(post_id: int) -> Response:
    post = get_own_post(post_id)
    db.session.delete(post)
    db.session.commit()
    flash(f"“{post.title}” is deleted.", "info")
    return redirect(url_for("posts.index"))


@bp.post("/posts/<int:post_id>/comments")
@login_required
def comment(post_id: int) -> str | Response:
    post = db.get_or_404(Post, post_id)
    form = CommentForm()
    if form.validate_on_submit():
        db.session.add(Comment(body=form.body.data, post=post, author_id=current_user.id))
        db.session.commit()
        flash("Thanks for your comment.", "success")
        return redirect(url_for("posts.detail", post_id=post.id, _anchor="comments"))
    return render_template("posts/detail.html", post=post, form=form)
