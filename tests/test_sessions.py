"""Tests for demijohn.sessions: session objects and the signed cookie session interface."""

from __future__ import annotations

import collections.abc as cabc
import hashlib
import time
import typing as t
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner
from markupsafe import Markup
from werkzeug.http import parse_date
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from demijohn.json.tag import TaggedJSONSerializer
from demijohn.sessions import (
    NullSession,
    SecureCookieSession,
    SecureCookieSessionInterface,
    SessionInterface,
    SessionMixin,
)


class StandInApp:
    """The parts of an application the session interface uses."""

    response_class = Response

    def __init__(self, secret_key: str | bytes | None = "secret", **config: t.Any) -> None:
        self.secret_key = secret_key
        self.debug = False
        # Testing mode, as the suite's applications: the short keys used here are accepted.
        self.testing = True
        self.permanent_session_lifetime = timedelta(days=31)
        self.config: dict[str, t.Any] = {
            "SECRET_KEY_FALLBACKS": [],
            "SESSION_COOKIE_NAME": "session",
            "SESSION_COOKIE_DOMAIN": None,
            "SESSION_COOKIE_PATH": None,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SECURE": False,
            "SESSION_COOKIE_PARTITIONED": False,
            "SESSION_COOKIE_SAMESITE": None,
            "SESSION_REFRESH_EACH_REQUEST": True,
            "APPLICATION_ROOT": "/",
            **config,
        }


@pytest.fixture
def app() -> StandInApp:
    return StandInApp()


@pytest.fixture
def interface() -> SecureCookieSessionInterface:
    return SecureCookieSessionInterface()


def make_request(cookie: str | None = None, name: str = "session") -> Request:
    headers = [] if cookie is None else [("Cookie", f"{name}={cookie}")]
    return Request(EnvironBuilder(headers=headers).get_environ())


def save(interface: SessionInterface, app: t.Any, session: SessionMixin) -> Response:
    response = Response()
    # The interface is typed for demijohn's Response; a plain Werkzeug one is all it uses.
    interface.save_session(app, session, t.cast(t.Any, response))
    return response


def parse_set_cookie(header: str) -> tuple[str, str, dict[str, str | bool]]:
    """Split a Set-Cookie header into name, value and attributes (lower-cased names)."""
    pair, *parts = header.split("; ")
    name, _, value = pair.partition("=")
    attrs: dict[str, str | bool] = {}
    for part in parts:
        key, sep, attr_value = part.partition("=")
        attrs[key.lower()] = attr_value if sep else True
    return name, value, attrs


def set_cookies(response: Response) -> list[tuple[str, str, dict[str, str | bool]]]:
    return [parse_set_cookie(header) for header in response.headers.getlist("Set-Cookie")]


def cookie_for(interface: SecureCookieSessionInterface, app: t.Any, data: dict[str, t.Any]) -> str:
    """Save a session holding ``data`` and return the cookie value that was set."""
    session = SecureCookieSession()
    session.update(data)
    ((_, value, _),) = set_cookies(save(interface, app, session))
    return value


def reopen(
    interface: SecureCookieSessionInterface, app: t.Any, cookie: str
) -> SecureCookieSession | None:
    return interface.open_session(app, make_request(cookie))  # type: ignore[arg-type]


# Session objects


class DictSession(SessionMixin):
    """A session mapping that cannot track changes, to show the mixin's defaults."""

    def __init__(self) -> None:
        self.data: dict[str, t.Any] = {}

    def __getitem__(self, key: str) -> t.Any:
        return self.data[key]

    def __setitem__(self, key: str, value: t.Any) -> None:
        self.data[key] = value

    def __delitem__(self, key: str) -> None:
        del self.data[key]

    def __iter__(self) -> cabc.Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def test_mixin_assumes_changes_it_cannot_track() -> None:
    # accessed starts False: the request context marks any session it hands out (Flask 3.1.3).
    session = DictSession()
    assert session.new is False
    assert session.modified is True
    assert session.accessed is False


def test_permanent_is_stored_in_the_session() -> None:
    session = DictSession()
    assert session.permanent is False
    session.permanent = 1  # type: ignore[assignment]
    assert session.data == {"_permanent": True}
    assert session.permanent is True
    session.permanent = False
    assert session.data == {"_permanent": False}


def test_new_secure_cookie_session_is_untouched() -> None:
    session = SecureCookieSession({"a": 1})
    assert session.modified is False
    assert session.accessed is False
    assert session.new is False
    assert repr(session) == "<SecureCookieSession {'a': 1}>"


READS: list[t.Callable[[SecureCookieSession], object]] = [
    lambda s: s["a"],
    lambda s: s.get("a"),
    lambda s: s.get("missing", 0),
    lambda s: s.setdefault("a", 2),
    lambda s: "a" in s,
    lambda s: len(s),
    lambda s: bool(s),
    lambda s: list(s),
    lambda s: s.keys(),
    lambda s: s.values(),
    lambda s: s.items(),
    lambda s: s.permanent,
]


@pytest.mark.parametrize("read", READS)
def test_reading_marks_accessed_only(read: t.Callable[[SecureCookieSession], object]) -> None:
    session = SecureCookieSession({"a": 1})
    read(session)
    assert session.accessed is True
    assert session.modified is False
    assert session == {"a": 1}


def test_reads_return_the_values() -> None:
    session = SecureCookieSession({"a": 1})
    assert session["a"] == 1
    assert session.get("b", 2) == 2
    assert session.setdefault("a", 3) == 1
    assert session.setdefault("b", 3) == 3
    assert "b" in session
    assert len(session) == 2
    assert list(session) == ["a", "b"]
    assert list(session.items()) == [("a", 1), ("b", 3)]
    assert list(session.values()) == [1, 3]


def ior(session: SecureCookieSession) -> None:
    session |= {"b": 2}


def set_permanent(session: SecureCookieSession) -> None:
    session.permanent = True


WRITES: list[t.Callable[[SecureCookieSession], object]] = [
    lambda s: s.__setitem__("b", 2),
    lambda s: s.__delitem__("a"),
    lambda s: s.pop("a"),
    lambda s: s.popitem(),
    lambda s: s.update(b=2),
    lambda s: s.clear(),
    lambda s: s.setdefault("b", 2),
    ior,
    set_permanent,
]


@pytest.mark.parametrize("write", WRITES)
def test_writing_marks_modified_and_accessed(
    write: t.Callable[[SecureCookieSession], object],
) -> None:
    session = SecureCookieSession({"a": 1})
    write(session)
    assert session.modified is True
    assert session.accessed is True


NULL_WRITES: list[t.Callable[[NullSession], object]] = [
    lambda s: s.__setitem__("a", 1),
    lambda s: s.__delitem__("a"),
    lambda s: s.pop("a", None),
    lambda s: s.popitem(),
    lambda s: s.update(a=1),
    lambda s: s.clear(),
    lambda s: s.setdefault("a", 1),
    ior,
    set_permanent,
]


@pytest.mark.parametrize("write", NULL_WRITES)
def test_null_session_refuses_writes_and_says_how_to_fix(
    write: t.Callable[[NullSession], object],
) -> None:
    session = NullSession()
    with pytest.raises(RuntimeError, match="no secret key") as info:
        write(session)
    assert "SECRET_KEY" in str(info.value)
    assert session == {}


def test_null_session_reads_as_empty() -> None:
    session = NullSession()
    assert session.get("a") is None
    assert "a" not in session
    assert len(session) == 0
    assert session.permanent is False


# The SessionInterface base class


def test_base_interface_requires_open_and_save(app: StandInApp) -> None:
    interface = SessionInterface()
    with pytest.raises(NotImplementedError, match="'open_session'"):
        interface.open_session(app, make_request())  # type: ignore[arg-type]
    with pytest.raises(NotImplementedError, match="'save_session'"):
        interface.save_session(app, SecureCookieSession(), Response())  # type: ignore[arg-type]
    assert interface.pickle_based is False


def test_null_sessions(app: StandInApp) -> None:
    interface = SessionInterface()
    null = interface.make_null_session(app)  # type: ignore[arg-type]
    assert type(null) is NullSession
    assert interface.is_null_session(null)
    assert not interface.is_null_session(SecureCookieSession())


def test_null_session_class_can_be_replaced(app: StandInApp) -> None:
    class QuietNullSession(NullSession):
        pass

    class Interface(SessionInterface):
        null_session_class = QuietNullSession

    interface = Interface()
    assert type(interface.make_null_session(app)) is QuietNullSession  # type: ignore[arg-type]
    assert not interface.is_null_session(NullSession())


def test_cookie_settings_come_from_config() -> None:
    app = t.cast(
        t.Any,
        StandInApp(
            SESSION_COOKIE_NAME="sid",
            SESSION_COOKIE_DOMAIN="example.com",
            SESSION_COOKIE_PATH="/shop",
            SESSION_COOKIE_HTTPONLY=False,
            SESSION_COOKIE_SECURE=True,
            SESSION_COOKIE_SAMESITE="Strict",
            SESSION_COOKIE_PARTITIONED=True,
        ),
    )
    interface = SessionInterface()
    assert interface.get_cookie_name(app) == "sid"
    assert interface.get_cookie_domain(app) == "example.com"
    assert interface.get_cookie_path(app) == "/shop"
    assert interface.get_cookie_httponly(app) is False
    assert interface.get_cookie_secure(app) is True
    assert interface.get_cookie_samesite(app) == "Strict"
    assert interface.get_cookie_partitioned(app) is True


def test_cookie_defaults(app: StandInApp) -> None:
    interface = SessionInterface()
    any_app = t.cast(t.Any, app)
    assert interface.get_cookie_name(any_app) == "session"
    assert interface.get_cookie_domain(any_app) is None
    assert interface.get_cookie_path(any_app) == "/"
    assert interface.get_cookie_httponly(any_app) is True
    assert interface.get_cookie_secure(any_app) is False
    assert interface.get_cookie_samesite(any_app) is None
    assert interface.get_cookie_partitioned(any_app) is False


def test_empty_domain_means_no_domain() -> None:
    app = StandInApp(SESSION_COOKIE_DOMAIN="")
    assert SessionInterface().get_cookie_domain(app) is None  # type: ignore[arg-type]


def test_cookie_path_falls_back_to_application_root() -> None:
    app = StandInApp(APPLICATION_ROOT="/root")
    assert SessionInterface().get_cookie_path(app) == "/root"  # type: ignore[arg-type]


def test_expiration_time_for_permanent_session(app: StandInApp) -> None:
    session = SecureCookieSession({"_permanent": True})
    before = datetime.now(UTC)
    expires = SessionInterface().get_expiration_time(app, session)  # type: ignore[arg-type]
    after = datetime.now(UTC)
    assert expires is not None
    assert expires.tzinfo is not None
    assert before + app.permanent_session_lifetime <= expires
    assert expires <= after + app.permanent_session_lifetime


def test_no_expiration_time_for_browser_session(app: StandInApp) -> None:
    session = SecureCookieSession({"a": 1})
    assert SessionInterface().get_expiration_time(app, session) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("modified", "permanent", "refresh", "expected"),
    [
        (True, False, False, True),
        (True, True, False, True),
        (False, True, True, True),
        (False, True, False, False),
        (False, False, True, False),
    ],
)
def test_should_set_cookie(modified: bool, permanent: bool, refresh: bool, expected: bool) -> None:
    app = StandInApp(SESSION_REFRESH_EACH_REQUEST=refresh)
    session = SecureCookieSession({"_permanent": permanent})
    session.modified = modified
    assert SessionInterface().should_set_cookie(app, session) is expected  # type: ignore[arg-type]


# The signed cookie interface: opening


@pytest.mark.parametrize("secret_key", [None, ""])
def test_no_secret_key_means_no_session(
    interface: SecureCookieSessionInterface, secret_key: str | None
) -> None:
    app = StandInApp(secret_key=secret_key)
    assert interface.get_signing_serializer(app) is None  # type: ignore[arg-type]
    assert interface.open_session(app, make_request("anything")) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("cookie", [None, ""])
def test_no_cookie_gives_a_new_empty_session(
    interface: SecureCookieSessionInterface, app: StandInApp, cookie: str | None
) -> None:
    session = interface.open_session(app, make_request(cookie))  # type: ignore[arg-type]
    assert type(session) is SecureCookieSession
    assert session == {}
    assert session.modified is False


def test_round_trip_through_the_cookie(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    data = {
        "user": 42,
        "cart": (1, 2),
        "token": b"\x00\x01",
        "note": Markup("<b>hi</b>"),
        "when": datetime(2020, 2, 29, 12, 0, tzinfo=UTC),
        "nested": {" t": [1]},
    }
    session = reopen(interface, app, cookie_for(interface, app, data))
    assert session == data
    assert session is not None
    assert session.modified is False


def test_cookie_name_is_configurable(interface: SecureCookieSessionInterface) -> None:
    app = StandInApp(SESSION_COOKIE_NAME="sid")
    value = cookie_for(interface, app, {"a": 1})
    assert interface.open_session(app, make_request(value, name="sid")) == {"a": 1}  # type: ignore[arg-type]
    assert interface.open_session(app, make_request(value)) == {}  # type: ignore[arg-type]


def test_tampered_cookie_gives_a_new_empty_session(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    value = cookie_for(interface, app, {"admin": False})
    payload, _, rest = value.partition(".")
    forged = cookie_for(interface, StandInApp(secret_key="guess"), {"admin": True})
    assert reopen(interface, app, forged) == {}
    assert reopen(interface, app, value[:-2] + ("AA" if value[-2:] != "AA" else "BB")) == {}
    assert reopen(interface, app, payload[::-1] + "." + rest) == {}
    assert reopen(interface, app, "not-a-signed-value") == {}


def test_expired_cookie_gives_a_new_empty_session(
    interface: SecureCookieSessionInterface, app: StandInApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.permanent_session_lifetime = timedelta(minutes=10)
    signed_at = int(time.time()) - 3600
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: signed_at)
        old = cookie_for(interface, app, {"a": 1})
    fresh = cookie_for(interface, app, {"a": 1})
    assert reopen(interface, app, old) == {}
    assert reopen(interface, app, fresh) == {"a": 1}


def test_zero_lifetime_rejects_cookies_from_the_past(
    interface: SecureCookieSessionInterface, app: StandInApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.permanent_session_lifetime = timedelta(0)
    signed_at = int(time.time()) - 5
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: signed_at)
        old = cookie_for(interface, app, {"a": 1})
    assert reopen(interface, app, old) == {}


# Key rotation


def test_signing_keys_put_the_current_key_last(interface: SecureCookieSessionInterface) -> None:
    app = StandInApp(secret_key="new", SECRET_KEY_FALLBACKS=["old", b"oldest"])
    signer = interface.get_signing_serializer(app)  # type: ignore[arg-type]
    assert signer is not None
    assert signer.secret_keys == [b"oldest", b"old", b"new"]


@pytest.mark.parametrize("fallbacks", [None, []])
def test_no_fallbacks(interface: SecureCookieSessionInterface, fallbacks: list[str] | None) -> None:
    app = StandInApp(secret_key="key", SECRET_KEY_FALLBACKS=fallbacks)
    signer = interface.get_signing_serializer(app)  # type: ignore[arg-type]
    assert signer is not None
    assert signer.secret_keys == [b"key"]


def test_cookie_signed_with_a_fallback_key_still_opens(
    interface: SecureCookieSessionInterface,
) -> None:
    oldest = cookie_for(interface, StandInApp(secret_key="oldest"), {"v": 1})
    old = cookie_for(interface, StandInApp(secret_key="old"), {"v": 2})
    rotated = StandInApp(secret_key="new", SECRET_KEY_FALLBACKS=["old", "oldest"])
    assert reopen(interface, rotated, oldest) == {"v": 1}
    assert reopen(interface, rotated, old) == {"v": 2}
    assert reopen(interface, StandInApp(secret_key="new"), old) == {}


def test_new_cookies_are_signed_with_the_current_key(
    interface: SecureCookieSessionInterface,
) -> None:
    rotated = StandInApp(secret_key="new", SECRET_KEY_FALLBACKS=["old"])
    value = cookie_for(interface, rotated, {"v": 3})
    assert reopen(interface, StandInApp(secret_key="new"), value) == {"v": 3}
    assert reopen(interface, StandInApp(secret_key="old"), value) == {}


# The signed cookie interface: saving


def test_untouched_session_sends_nothing(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    response = save(interface, app, SecureCookieSession({"a": 1}))
    assert "Set-Cookie" not in response.headers
    assert "Vary" not in response.headers


@pytest.mark.parametrize("permanent", [False, True])
def test_saving_leaves_an_unused_session_unused(
    interface: SecureCookieSessionInterface, app: StandInApp, permanent: bool
) -> None:
    # What the request did with the session is still visible after the response; a
    # permanent session's cookie is sent again (SESSION_REFRESH_EACH_REQUEST).
    session = SecureCookieSession({"a": 1, "_permanent": permanent})
    response = save(interface, app, session)
    assert ("Set-Cookie" in response.headers) is permanent
    assert (session.accessed, session.modified) == (False, False)


def test_read_session_varies_on_cookie_without_setting_it(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    session = SecureCookieSession({"a": 1})
    assert session["a"] == 1
    response = save(interface, app, session)
    assert "Set-Cookie" not in response.headers
    assert response.headers["Vary"] == "Cookie"


def test_checking_an_empty_session_varies_on_cookie(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    session = SecureCookieSession()
    assert "user" not in session
    response = save(interface, app, session)
    assert "Set-Cookie" not in response.headers
    assert response.headers["Vary"] == "Cookie"


def test_modified_session_sets_a_browser_session_cookie(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    session = SecureCookieSession()
    session["a"] = 1
    response = save(interface, app, session)
    ((name, value, attrs),) = set_cookies(response)
    assert name == "session"
    assert value
    assert attrs == {"httponly": True, "path": "/"}
    assert response.headers["Vary"] == "Cookie"


def test_vary_is_added_to_existing_values(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    session = SecureCookieSession()
    session["a"] = 1
    response = Response(headers={"Vary": "Accept-Encoding"})
    interface.save_session(app, session, response)  # type: ignore[arg-type]
    assert response.vary.as_set() == {"accept-encoding", "cookie"}


def test_cookie_attributes_follow_config(interface: SecureCookieSessionInterface) -> None:
    app = StandInApp(
        SESSION_COOKIE_DOMAIN="example.com",
        SESSION_COOKIE_PATH="/shop",
        SESSION_COOKIE_HTTPONLY=False,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="None",
        SESSION_COOKIE_PARTITIONED=True,
    )
    session = SecureCookieSession()
    session["a"] = 1
    ((_, _, attrs),) = set_cookies(save(interface, app, session))
    assert attrs == {
        "domain": "example.com",
        "path": "/shop",
        "secure": True,
        "samesite": "None",
        "partitioned": True,
    }


@pytest.mark.parametrize("samesite", ["Strict", "Lax"])
def test_samesite_values(interface: SecureCookieSessionInterface, samesite: str) -> None:
    app = StandInApp(SESSION_COOKIE_SAMESITE=samesite)
    session = SecureCookieSession()
    session["a"] = 1
    ((_, _, attrs),) = set_cookies(save(interface, app, session))
    assert attrs["samesite"] == samesite


def test_cookie_path_defaults_to_application_root(
    interface: SecureCookieSessionInterface,
) -> None:
    app = StandInApp(APPLICATION_ROOT="/prefix")
    session = SecureCookieSession()
    session["a"] = 1
    ((_, _, attrs),) = set_cookies(save(interface, app, session))
    assert attrs["path"] == "/prefix"


def test_permanent_session_cookie_expires_after_the_lifetime(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    session = SecureCookieSession()
    session.permanent = True
    before = datetime.now(UTC).replace(microsecond=0)
    ((_, _, attrs),) = set_cookies(save(interface, app, session))
    after = datetime.now(UTC)
    expires = parse_date(t.cast(str, attrs["expires"]))
    assert expires is not None
    assert before + app.permanent_session_lifetime <= expires
    assert expires <= after + app.permanent_session_lifetime


def test_unmodified_permanent_session_is_refreshed(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    session = reopen(interface, app, cookie_for(interface, app, {"_permanent": True, "a": 1}))
    assert session is not None
    response = save(interface, app, session)
    ((_, value, attrs),) = set_cookies(response)
    assert "expires" in attrs
    assert reopen(interface, app, value) == {"_permanent": True, "a": 1}
    assert response.headers["Vary"] == "Cookie"


def test_refresh_each_request_can_be_disabled(interface: SecureCookieSessionInterface) -> None:
    app = StandInApp(SESSION_REFRESH_EACH_REQUEST=False)
    session = reopen(interface, app, cookie_for(interface, app, {"_permanent": True}))
    assert session is not None
    response = save(interface, app, session)
    assert "Set-Cookie" not in response.headers
    # Nothing read the session during the request, so the response does not depend on it.
    assert "Vary" not in response.headers


def test_emptied_session_deletes_the_cookie(interface: SecureCookieSessionInterface) -> None:
    app = StandInApp(
        SESSION_COOKIE_DOMAIN="example.com",
        SESSION_COOKIE_PATH="/shop",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PARTITIONED=True,
    )
    session = reopen(interface, app, cookie_for(interface, app, {"a": 1}))
    assert session is not None
    session.clear()
    response = save(interface, app, session)
    ((name, value, attrs),) = set_cookies(response)
    assert (name, value) == ("session", "")
    assert attrs == {
        "domain": "example.com",
        "expires": "Thu, 01 Jan 1970 00:00:00 GMT",
        "max-age": "0",
        "secure": True,
        "httponly": True,
        "path": "/shop",
        "samesite": "Lax",
        "partitioned": True,
    }
    assert response.headers["Vary"] == "Cookie"


def test_emptied_session_deletes_the_cookie_even_if_only_modified_flag_is_set(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    session = SecureCookieSession()
    session.modified = True
    response = save(interface, app, session)
    ((_, value, attrs),) = set_cookies(response)
    assert value == ""
    assert attrs["max-age"] == "0"
    assert response.headers["Vary"] == "Cookie"


def test_saving_after_the_secret_key_was_removed_explains(
    interface: SecureCookieSessionInterface, app: StandInApp
) -> None:
    session = reopen(interface, app, cookie_for(interface, app, {"a": 1}))
    assert session is not None
    session["a"] = 2
    app.secret_key = None
    with pytest.raises(RuntimeError, match="secret key was removed"):
        save(interface, app, session)


# Replaceable parts


def test_interface_settings(interface: SecureCookieSessionInterface) -> None:
    assert interface.salt == "cookie-session"
    assert interface.key_derivation == "hmac"
    assert interface.session_class is SecureCookieSession
    assert isinstance(interface.serializer, TaggedJSONSerializer)
    assert interface.pickle_based is False


def test_digest_method_is_sha1(interface: SecureCookieSessionInterface) -> None:
    assert interface.digest_method(b"abc").digest() == hashlib.sha1(b"abc").digest()
    assert interface.digest_method().name == "sha1"


def test_digest_method_can_be_replaced(interface: SecureCookieSessionInterface) -> None:
    class Sha256Interface(SecureCookieSessionInterface):
        digest_method = staticmethod(hashlib.sha256)

    app = StandInApp()
    strong = Sha256Interface()
    value = cookie_for(strong, app, {"a": 1})
    assert reopen(strong, app, value) == {"a": 1}
    assert reopen(interface, app, value) == {}


def test_salt_separates_signatures(interface: SecureCookieSessionInterface) -> None:
    class Salted(SecureCookieSessionInterface):
        salt = "other-purpose"

    app = StandInApp()
    assert reopen(interface, app, cookie_for(Salted(), app, {"a": 1})) == {}


def test_session_class_can_be_replaced(app: StandInApp) -> None:
    class MySession(SecureCookieSession):
        pass

    class Interface(SecureCookieSessionInterface):
        session_class = MySession

    interface = Interface()
    assert type(reopen(interface, app, cookie_for(interface, app, {"a": 1}))) is MySession
    assert type(interface.open_session(app, make_request())) is MySession  # type: ignore[arg-type]


# Through a real application and its test client


@pytest.fixture
def web_app() -> t.Any:
    from demijohn import Demijohn, session

    web_app = Demijohn("session_test_app")
    web_app.config.update(TESTING=True, SECRET_KEY="test key")

    @web_app.route("/set/<value>")
    def set_value(value: str) -> str:
        session["value"] = (value, b"raw")
        return "set"

    @web_app.route("/get")
    def get_value() -> str:
        return repr(session.get("value"))

    @web_app.route("/clear")
    def clear() -> str:
        session.clear()
        return "cleared"

    @web_app.route("/ignore")
    def ignore() -> str:
        return "ignored"

    return web_app


def test_client_keeps_the_session_between_requests(web_app: t.Any) -> None:
    client = web_app.test_client()
    response = client.get("/set/a")
    assert response.headers["Vary"] == "Cookie"
    assert len(response.headers.getlist("Set-Cookie")) == 1
    response = client.get("/get")
    assert response.text == "('a', b'raw')"
    assert response.headers["Vary"] == "Cookie"
    assert "Set-Cookie" not in response.headers


def test_client_view_without_session_sends_no_cookie(web_app: t.Any) -> None:
    client = web_app.test_client()
    client.get("/set/a")
    response = client.get("/ignore")
    assert "Set-Cookie" not in response.headers
    assert "Vary" not in response.headers


def test_client_clearing_the_session_deletes_the_cookie(web_app: t.Any) -> None:
    client = web_app.test_client()
    client.get("/set/a")
    response = client.get("/clear")
    ((name, value, attrs),) = set_cookies(response)
    assert (name, value, attrs["max-age"]) == ("session", "", "0")
    assert client.get("/get").text == "None"


def test_client_session_survives_key_rotation(web_app: t.Any) -> None:
    client = web_app.test_client()
    client.get("/set/kept")
    web_app.config.update(SECRET_KEY="rotated key", SECRET_KEY_FALLBACKS=["test key"])
    assert client.get("/get").text == "('kept', b'raw')"
    web_app.config.update(SECRET_KEY_FALLBACKS=[])
    assert client.get("/get").text == "None"


def test_client_without_secret_key_refuses_writes(web_app: t.Any) -> None:
    web_app.config["SECRET_KEY"] = None
    client = web_app.test_client()
    assert client.get("/get").text == "None"
    with pytest.raises(RuntimeError, match="no secret key"):
        client.get("/set/a")
