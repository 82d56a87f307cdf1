"""Accounts: registering, logging in and out on the signed-cookie session
(``accounts.register``, ``accounts.login``, ``accounts.logout``), ``g.user`` on every request,
and :func:`login_required` for views that need a user. Every form carries the session's CSRF
token (:mod:`demijohn.production`), and passwords are kept as scrypt hashes (Werkzeug's).

The session cookie holds only the user's id; the user is loaded from the database again on
each request, so a deleted user is logged out at once.
"""

from __future__ import annotations

from demijohn import Blueprint

from .auth import load_logged_in_user, login_required

accounts = Blueprint("accounts", __name__)
accounts.before_app_request(load_logged_in_user)
accounts.add_url_rule(
    "/register", view_func="examples.shop.accounts.views:register", methods=["GET", "POST"]
)
accounts.add_url_rule(
    "/login", view_func="examples.shop.accounts.views:login", methods=["GET", "POST"]
)
# Logging out changes state, so it is a POST: a link or an image on another site cannot do it.
accounts.add_url_rule("/logout", view_func="examples.shop.accounts.views:logout", methods=["POST"])

__all__ = ["accounts", "login_required"]
