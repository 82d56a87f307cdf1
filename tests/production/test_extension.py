"""Tests for demijohn.production.extension: opting in, the secure defaults, the start-up
refusal, and an application (or a Flask one) that does not opt in."""

from __future__ import annotations

import types

import pytest

from demijohn import Demijohn, request, session
from demijohn.production import EXTENSION_KEY, NONCE, Production, ProductionError, csp_nonce
from demijohn.testing import DemijohnClient

GOOD_KEY = "9f2c4e7a1b8d3f6e0a5c9b2d7e4f1a8c"


def test_kept_in_the_extensions(app: Demijohn, production: Production) -> None:
    assert app.extensions[EXTENSION_KEY] is production


def test_init_app_later(app: Demijohn) -> None:
    production = Production()
    production.init_app(app)
    assert app.extensions[EXTENSION_KEY] is production


class TestSecureDefaults:
    @pytest.fixture(autouse=True)
    def _views(self, app: Demijohn, production: Production) -> None:
        @app.route("/login", methods=["GET"])
        def login() -> str:
            session["user"] = "ada"
            return "in"

        app.add_url_rule(
            "/upload", "upload", lambda: f"{len(request.get_data())} bytes", methods=["POST"]
        )
        production.csrf_exempt("upload")

    def test_session_cookie_flags(self, client: DemijohnClient) -> None:
        cookie = client.get("/login").headers["Set-Cookie"]
        assert "; Secure" in cookie
        assert "; HttpOnly" in cookie
        assert "; SameSite=Lax" in cookie

    def test_body_limit(self, client: DemijohnClient) -> None:
        big = b"x" * (16 * 1024 * 1024 + 1)
        assert client.post("/upload", data=big).status_code == 413
        assert client.post("/upload", data=b"small").text == "5 bytes"

    def test_own_settings_are_kept(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config.update(
            SESSION_COOKIE_SAMESITE="Strict", MAX_CONTENT_LENGTH=4, SECURE_HTTPS=False
        )
        cookie = client.get("/login").headers["Set-Cookie"]
        assert "SameSite=Strict" in cookie
        assert "Secure" not in cookie
        assert client.post("/upload", data=b"12345").status_code == 413


class TestStart:
    def app(self, **config: object) -> Demijohn:
        app = Demijohn("shop_start")
        app.config.update(config)
        Production(app)
        app.add_url_rule("/", "index", lambda: "ok")
        return app

    def test_unsafe_settings_stop_the_start(self) -> None:
        app = self.app(SECRET_KEY="short")
        with pytest.raises(ProductionError) as info:
            app.startup()
        message = str(info.value)
        assert "[production.secret_key] SECRET_KEY is 5 characters long" in message
        assert "[production.hosts] TRUSTED_HOSTS is not set" in message
        assert "demijohn check --deploy" in message
        assert isinstance(info.value, RuntimeError)

    def test_safe_settings_start(self, protocol: str) -> None:
        app = self.app(SECRET_KEY=GOOD_KEY, TRUSTED_HOSTS=["shop.example"])
        client = app.test_client(protocol=protocol)
        assert client.get("http://shop.example/").status_code == 200
        assert client.get("http://other.example/").status_code == 400

    def test_any_host_on_purpose(self, protocol: str) -> None:
        app = self.app(SECRET_KEY=GOOD_KEY, TRUSTED_HOSTS=["*"])
        client = app.test_client(protocol=protocol)
        assert client.get("http://any.example/").status_code == 200

    @pytest.mark.parametrize("mode", ["DEBUG", "TESTING"])
    def test_debug_and_testing_start_anyway(self, mode: str) -> None:
        app = self.app(**{mode: True})
        assert app.test_client().get("/").status_code == 200


class TestTrustedProxy:
    def test_the_proxys_scheme_and_host_are_used(self, protocol: str) -> None:
        app = Demijohn("shop_proxy")
        app.config.update(TESTING=True, TRUSTED_PROXIES=1)
        Production(app)
        app.add_url_rule("/", "index", lambda: "ok")
        app.add_url_rule("/where", "where", lambda: __import__("demijohn").request.url)
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "shop.example"}
        response = app.test_client(protocol=protocol).get("/where", headers=headers)
        assert response.text == "https://shop.example/where"

    def test_proxies_set_after_the_battery_are_refused(self) -> None:
        app = Demijohn("shop_proxy")
        app.config["TESTING"] = True
        Production(app)
        app.config["TRUSTED_PROXIES"] = 2
        with pytest.raises(ProductionError, match="Set it before making Production"):
            app.startup()


class TestWithoutTheBattery:
    """Nothing changes for an application that does not opt in: demijohn's or Flask's."""

    def check(self, app: object, client: object) -> None:
        app.config["SECRET_KEY"] = GOOD_KEY  # type: ignore[attr-defined]
        app.add_url_rule("/form", "form", self._form, methods=["GET", "POST"])  # type: ignore[attr-defined]
        response = client.post("/form")  # type: ignore[attr-defined]
        assert response.status_code == 200
        assert "X-Request-ID" not in response.headers
        assert "X-Content-Type-Options" not in response.headers
        cookie = response.headers["Set-Cookie"]
        assert "Secure" not in cookie
        assert "SameSite" not in cookie
        assert client.get("/healthz").status_code == 404  # type: ignore[attr-defined]

    @staticmethod
    def _form() -> str:
        from demijohn import session as current_session

        current_session["seen"] = True
        return "ok"

    def test_demijohn(self, app: Demijohn, client: DemijohnClient) -> None:
        self.check(app, client)

    def test_flask_layer(self, flask: types.ModuleType, protocol: str) -> None:
        app = flask.Flask("flask_app")
        self.check(app, app.test_client(protocol=protocol))


def test_a_flask_application_opts_in_the_same_way(flask: types.ModuleType, protocol: str) -> None:
    app = flask.Flask("flask_app")
    app.config.update(TESTING=True, SECRET_KEY=GOOD_KEY)
    Production(app)
    app.add_url_rule("/form", "form", lambda: "ok", methods=["POST"])
    client = app.test_client(protocol=protocol)
    response = client.post("/form")
    assert response.status_code == 400
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/healthz").json == {"status": "ok"}


def test_a_request_under_asgi_needs_no_environ(app: Demijohn) -> None:
    # Request IDs, the access log, security headers with a nonce and CSRF keep what they
    # need in the request's state: reading the environ would make one for each request.
    app.config.update(ACCESS_LOG=True, CONTENT_SECURITY_POLICY={"script-src": [NONCE]})
    Production(app)

    @app.route("/")
    def index() -> str:
        return f"{csp_nonce() == csp_nonce()} {request.has_environ}"

    response = app.test_client(protocol="asgi").get("/")
    assert response.text == "True False"
    assert response.headers["X-Request-ID"]
    assert "'nonce-" in response.headers["Content-Security-Policy"]
