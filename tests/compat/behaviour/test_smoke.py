"""Placeholder removed once area tests exist."""

from __future__ import annotations

import typing as t


def test_hello(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "hi"

    rv = client.get("/")
    assert rv.status == "200 OK"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.headers["Content-Length"] == "2"
