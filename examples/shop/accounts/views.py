"""The registration, login and logout views. Imported on the first request to one of them.

Every form here carries the session's CSRF token (``csrf_token()`` in the templates), which
:class:`~demijohn.production.Production` checks on each POST.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from demijohn import Request, flash, redirect, render_template, session, url_for
from demijohn.i18n import gettext

from .auth import authenticate, is_local_url, log_in
from .services import register as add_user
from .services import registration_problems


def register(request: Request, db: Session) -> str | BaseResponse | tuple[str, int]:
    """Show the registration form; on a POST, make the account and log it in."""
    username = request.form.get("username", "").strip().lower()
    if request.method == "POST":
        password = request.form.get("password", "")
        problems = registration_problems(db, username, password, request.form.get("confirm", ""))
        if not problems:
            user = add_user(db, username, password)
            log_in(user)
            flash(
                gettext("Welcome, %(name)s! Your account is ready.", name=user.username), "success"
            )
            return redirect(url_for("index"))
        for problem in problems:
            flash(problem, "error")
        return render_template("accounts/register.html", username=username), 422
    return render_template("accounts/register.html", username=username)


def login(request: Request) -> str | BaseResponse:
    """Show the login form; on a POST, log in and go on to ``next`` (a path on this site)."""
    next_url = request.values.get("next", "")
    if request.method == "POST":
        user = authenticate(request.form.get("username", ""), request.form.get("password", ""))
        if user is not None:
            log_in(user)
            flash(gettext("Welcome, %(name)s!", name=user.username), "success")
            return redirect(next_url if is_local_url(next_url) else url_for("index"))
        flash(gettext("Wrong user name or password."), "error")
    return render_template("accounts/login.html", next_url=next_url)


def logout() -> BaseResponse:
    """Forget the user, and the cart with everything else in the session."""
    session.clear()
    flash(gettext("You are logged out."), "info")
    return redirect(url_for("index"))
