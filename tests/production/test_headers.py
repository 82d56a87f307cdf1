"""Tests for demijohn.production.headers: the default security headers, the policy with
nonces, and changes per blueprint, endpoint and view."""

from __future__ import annotations

import re

import pytest

from demijohn import Blueprint, Demijohn, render_template_string
from demijohn.production import NONCE, Production, csp_nonce
from demijohn.testing import DemijohnClient

DEFAULTS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=31536000",
}


@pytest.fixture
def index(app: Demijohn) -> None:
    app.add_url_rule("/", "index", lambda: "ok")


@pytest.mark.usefixtures("index")
class TestDefaults:
    def test_every_response_has_them(self, production: Production, client: DemijohnClient) -> None:
        for path in ("/", "/missing"):
            headers = client.get(path).headers
            assert {name: headers.get(name) for name in DEFAULTS} == DEFAULTS
            assert "Content-Security-Policy" not in headers

    def test_no_hsts_without_https(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["SECURE_HTTPS"] = False
        Production(app)
        assert "Strict-Transport-Security" not in client.get("/").headers

    def test_hsts_for_subdomains(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config.update(SECURE_HSTS_SECONDS=600, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
        Production(app)
        value = client.get("/").headers["Strict-Transport-Security"]
        assert value == "max-age=600; includeSubDomains"

    def test_a_responses_own_header_wins(
        self, app: Demijohn, production: Production, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/own", "own", lambda: ("ok", {"X-Frame-Options": "SAMEORIGIN"}))
        assert client.get("/own").headers["X-Frame-Options"] == "SAMEORIGIN"

    def test_nothing_without_the_battery(self, client: DemijohnClient) -> None:
        headers = client.get("/").headers
        assert not [name for name in DEFAULTS if name in headers]


class TestContentSecurityPolicy:
    @pytest.fixture
    def production(self, app: Demijohn) -> Production:
        app.config["CONTENT_SECURITY_POLICY"] = {
            "default-src": "'self'",
            "script-src": ["'self'", NONCE],
        }
        return Production(app)

    def test_nonce_of_the_request_in_header_and_template(
        self, app: Demijohn, production: Production, client: DemijohnClient
    ) -> None:
        app.add_url_rule(
            "/page",
            "page",
            lambda: render_template_string('<script nonce="{{ csp_nonce() }}"></script>'),
        )
        first, second = client.get("/page"), client.get("/page")
        nonce = re.search(r'nonce="([^"]+)"', first.text)[1]  # type: ignore[index]
        assert first.headers["Content-Security-Policy"] == (
            f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; frame-ancestors 'none'"
        )
        assert nonce not in second.headers["Content-Security-Policy"]

    def test_same_nonce_within_a_request(
        self, app: Demijohn, production: Production, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/twice", "twice", lambda: csp_nonce() + " " + csp_nonce())
        first, second = client.get("/twice").text.split()
        assert first == second

    def test_no_nonce_when_the_request_used_none(
        self, production: Production, client: DemijohnClient, index: None
    ) -> None:
        value = client.get("/").headers["Content-Security-Policy"]
        assert value == "default-src 'self'; script-src 'self'; frame-ancestors 'none'"

    def test_policy_as_text_keeps_its_frame_ancestors(
        self, app: Demijohn, client: DemijohnClient, index: None
    ) -> None:
        app.config["CONTENT_SECURITY_POLICY"] = "default-src 'none'; frame-ancestors 'self'"
        Production(app)
        value = client.get("/").headers["Content-Security-Policy"]
        assert value == "default-src 'none'; frame-ancestors 'self'"

    def test_empty_policy_only_forbids_framing(
        self, app: Demijohn, client: DemijohnClient, index: None
    ) -> None:
        app.config["CONTENT_SECURITY_POLICY"] = {}
        Production(app)
        assert client.get("/").headers["Content-Security-Policy"] == "frame-ancestors 'none'"


class TestChanges:
    def test_per_blueprint_endpoint_and_view(
        self, app: Demijohn, production: Production, client: DemijohnClient
    ) -> None:
        outer = Blueprint("outer", __name__)
        inner = Blueprint("inner", __name__)
        production.headers(
            outer, {"X-Frame-Options": "SAMEORIGIN", "Referrer-Policy": "no-referrer"}
        )
        production.headers(inner, {"X-Frame-Options": None})

        @inner.route("/embeddable")
        def embeddable() -> str:
            return "inner"

        @inner.route("/view")
        @production.headers({"Content-Security-Policy": {"default-src": "'self'"}})
        def view() -> str:
            return "view"

        @outer.route("/outer")
        def outer_view() -> str:
            return "outer"

        outer.register_blueprint(inner, url_prefix="/inner")
        app.register_blueprint(outer)
        app.add_url_rule("/api", "api", lambda: "api")
        production.headers("api", {"Cross-Origin-Opener-Policy": None})

        outer_headers = client.get("/outer").headers
        assert outer_headers["X-Frame-Options"] == "SAMEORIGIN"
        assert outer_headers["Referrer-Policy"] == "no-referrer"
        inner_headers = client.get("/inner/embeddable").headers
        assert "X-Frame-Options" not in inner_headers
        assert inner_headers["Referrer-Policy"] == "no-referrer"
        view_headers = client.get("/inner/view").headers
        assert view_headers["Content-Security-Policy"] == "default-src 'self'"
        api_headers = client.get("/api").headers
        assert "Cross-Origin-Opener-Policy" not in api_headers
        assert api_headers["X-Frame-Options"] == "DENY"

    def test_changes_after_a_request_are_seen(
        self, app: Demijohn, production: Production, client: DemijohnClient, index: None
    ) -> None:
        assert client.get("/").headers["X-Frame-Options"] == "DENY"
        production.headers("index", {"X-Frame-Options": "SAMEORIGIN"})
        assert client.get("/").headers["X-Frame-Options"] == "SAMEORIGIN"
