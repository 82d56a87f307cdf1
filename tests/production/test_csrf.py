"""Tests for demijohn.production.csrf: forms posted with the session cookie need the
session's token; over HTTPS they must come from this site."""

from __future__ import annotations

import re

import pytest

from demijohn import Blueprint, Demijohn, render_template_string, session
from demijohn.production import CSRFError, Production
from demijohn.production.testing import csrf_token
from demijohn.testing import DemijohnClient

FORM = '<form method="post"><input name="csrf_token" value="{{ csrf_token() }}"></form>'


@pytest.fixture
def form(app: Demijohn, production: Production) -> None:
    @app.route("/transfer", methods=["GET", "POST", "PUT", "DELETE"])
    def transfer() -> str:
        session["done"] = True
        return render_template_string(FORM)


@pytest.mark.usefixtures("form")
class TestToken:
    def test_a_post_without_the_token_is_refused(self, client: DemijohnClient) -> None:
        client.get("/transfer")
        response = client.post("/transfer", data={"amount": "100"})
        assert response.status_code == 400
        assert b"holds no CSRF token" in response.data
        assert b"Reload the page and send the form again" in response.data

    @pytest.mark.parametrize("method", ["PUT", "DELETE"])
    def test_every_unsafe_method_needs_it(self, client: DemijohnClient, method: str) -> None:
        assert client.open("/transfer", method=method).status_code == 400

    def test_the_token_of_the_page_is_accepted(self, client: DemijohnClient) -> None:
        page = client.get("/transfer").text
        token = re.search(r'value="([^"]+)"', page)[1]  # type: ignore[index]
        response = client.post("/transfer", data={"csrf_token": token})
        assert response.status_code == 200
        assert csrf_token(client) == token

    def test_the_test_helper_gives_the_sessions_token(self, client: DemijohnClient) -> None:
        token = csrf_token(client)
        assert client.post("/transfer", data={"csrf_token": token}).status_code == 200
        assert client.get("/transfer").text == FORM.replace("{{ csrf_token() }}", token)

    def test_a_script_sends_it_in_a_header(self, client: DemijohnClient) -> None:
        headers = {"X-CSRF-Token": csrf_token(client)}
        assert client.post("/transfer", json={}, headers=headers).status_code == 200

    def test_another_sessions_token_is_refused(self, app: Demijohn, client: DemijohnClient) -> None:
        stolen = csrf_token(app.test_client())
        csrf_token(client)
        response = client.post("/transfer", data={"csrf_token": stolen})
        assert response.status_code == 400
        assert b"not this session" in response.data

    def test_a_session_without_a_token_is_refused(self, client: DemijohnClient) -> None:
        response = client.post("/transfer", data={"csrf_token": "guessed"})
        assert response.status_code == 400

    def test_safe_methods_and_unknown_urls_are_not_checked(self, client: DemijohnClient) -> None:
        assert client.get("/transfer").status_code == 200
        assert client.post("/missing").status_code == 404

    def test_off_when_disabled(self, app: Demijohn) -> None:
        other = Demijohn(__name__)
        other.config.update(TESTING=True, SECRET_KEY="k", CSRF_ENABLED=False)
        Production(other)
        other.add_url_rule("/", "index", lambda: "ok", methods=["POST"])
        assert other.test_client().post("/").status_code == 200

    def test_refusal_can_be_handled(self, app: Demijohn, client: DemijohnClient) -> None:
        app.register_error_handler(CSRFError, lambda e: (f"own page: {e.reason}", 400))
        assert client.post("/transfer").text == "own page: it holds no CSRF token"


class TestExemptions:
    def test_view_endpoint_and_blueprint(
        self, app: Demijohn, production: Production, client: DemijohnClient
    ) -> None:
        api = Blueprint("api", __name__)
        v2 = Blueprint("v2", __name__)

        @v2.post("/orders")
        def orders() -> str:
            return "v2"

        api.register_blueprint(v2, url_prefix="/v2")
        app.register_blueprint(api, url_prefix="/api")
        production.csrf_exempt(api)

        @app.post("/hook")
        @production.csrf_exempt
        def hook() -> str:
            return "hook"

        app.add_url_rule("/ping", "ping", lambda: "ping", methods=["POST"])
        app.add_url_rule("/form", "form", lambda: "form", methods=["POST"])
        production.csrf_exempt("ping")
        assert client.post("/api/v2/orders").text == "v2"
        assert client.post("/hook").text == "hook"
        assert client.post("/ping").text == "ping"
        assert client.post("/form").status_code == 400

    def test_health_routes_are_exempt(self, production: Production, client: DemijohnClient) -> None:
        assert client.open("/healthz", method="POST").status_code == 405


@pytest.mark.usefixtures("form")
class TestOriginOverHTTPS:
    def post(self, client: DemijohnClient, **headers: str) -> int:
        token = csrf_token(client, base_url="https://shop.example")
        return client.post(
            "https://shop.example/transfer",
            data={"csrf_token": token},
            headers={name.replace("_", "-"): value for name, value in headers.items()},
        ).status_code

    def test_same_origin(self, client: DemijohnClient) -> None:
        assert self.post(client, Origin="https://shop.example") == 200

    def test_referer_when_there_is_no_origin(self, client: DemijohnClient) -> None:
        assert self.post(client, Referer="https://shop.example/transfer") == 200
        assert self.post(client, Referer="https://evil.example/") == 400

    def test_other_origin_is_refused(self, client: DemijohnClient) -> None:
        response = client.post(
            "https://shop.example/transfer",
            data={"csrf_token": csrf_token(client, base_url="https://shop.example")},
            headers={"Origin": "https://evil.example"},
        )
        assert response.status_code == 400
        assert b"sent from another site" in response.data
        assert self.post(client, Origin="http://shop.example") == 400

    def test_neither_header_is_refused(self, client: DemijohnClient) -> None:
        assert self.post(client) == 400

    def test_trusted_origins(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["CSRF_TRUSTED_ORIGINS"] = ["https://admin.example"]
        assert self.post(client, Origin="https://admin.example") == 200
