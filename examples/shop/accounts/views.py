"""The login and logout views. Imported on the first request to one of them."""

from __future__ import annotations

from werkzeug.wrappers import Response as BaseResponse

from demijohn import Request, flash, redirect, render_template, session, url_for

from .auth import authenticate, is_local_url


def login(request: Request) -> str | BaseResponse:
    """Show the login form; on a POST, log in and go on to ``next`` (a path on this site).

    A real application also protects this form against cross-site request forgery, with a
    token in a hidden field (Flask-WTF, for example). The shop relies on its session cookie
    being ``SameSite=Lax``, which browsers leave out of other sites' POSTs.
    """
    next_url = request.values.get("next", "")
    if request.method == "POST":
        user = authenticate(request.form.get("username", ""), request.form.get("password", ""))
        if user is not None:
            # The whole session is in the signed cookie, so there is no server-side session id
            # to renew; the cart collected before logging in is kept.
            session["user_id"] = user["id"]
            flash(f"Welcome, {user['username']}!", "success")
            return redirect(next_url if is_local_url(next_url) else url_for("index"))
        flash("Wrong user name or password.", "error")
    return render_template("accounts/login.html", next_url=next_url)


def logout() -> BaseResponse:
    """Forget the user, and the cart with everything else in the session."""
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("index"))
