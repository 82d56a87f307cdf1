"""The shop's secret key: made once per checkout, never one written in the code."""

from __future__ import annotations

import os
import pathlib
import stat

import pytest
from examples.shop import create_app, settings
from examples.shop.secret_key import development_secret_key

from demijohn import Demijohn
from demijohn.sessions import SecureCookieSessionInterface
from demijohn.testing import DemijohnClient

#: The key the shop's code used to set, published with it.
PUBLISHED_KEY = "change me: only for local development"


def _db(folder: pathlib.Path) -> str:
    return f"sqlite:///{folder / 'shop.sqlite3'}"


def _forged_cookie(key: str) -> str:
    """A session cookie that says user 1 is logged in, signed with ``key``."""
    forger = Demijohn("forger")
    forger.config.update(TESTING=True, SECRET_KEY=key)
    signer = SecureCookieSessionInterface().get_signing_serializer(forger)
    assert signer is not None
    return str(signer.dumps({"user_id": 1}))


def test_a_cookie_signed_with_the_published_key_logs_nobody_in(
    client: DemijohnClient,
) -> None:
    client.set_cookie("session", _forged_cookie(PUBLISHED_KEY))
    response = client.get("/orders/")
    assert response.status_code == 302
    assert response.location == "/accounts/login?next=/orders/"


def test_each_checkout_makes_its_own_key_once(app: Demijohn, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "secret-key"
    key = app.config["SECRET_KEY"]
    assert len(key) == 64
    assert set(key) <= set("0123456789abcdef")
    assert path.read_text() == f"{key}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # The next start reads it again: sessions outlive a restart.
    again = create_app(
        settings.Testing, {"SECRET_KEY_FILE": str(path), "DATABASE_URL": _db(tmp_path)}
    )
    assert again.config["SECRET_KEY"] == key
    assert development_secret_key(str(tmp_path / "other" / "secret-key")) != key
    assert sorted(os.listdir(tmp_path / "other")) == ["secret-key"]


def test_a_configured_key_wins_and_no_file_is_made(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOP_SECRET_KEY", "from the environment, " * 3)
    path = tmp_path / "secret-key"
    app = create_app(
        settings.Testing, {"SECRET_KEY_FILE": str(path), "DATABASE_URL": _db(tmp_path)}
    )
    assert app.config["SECRET_KEY"] == "from the environment, " * 3
    assert not path.exists()


def test_a_worker_that_lost_the_race_uses_the_winners_key(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "secret-key"
    first = development_secret_key(str(path))
    # A worker that found no file, made its key and then met the first worker's file.
    os.rename(path, tmp_path / "winner")
    real_exists = os.path.exists

    def exists_after_the_winner_wrote(name: str) -> bool:
        if name == str(path) and not real_exists(name):
            os.rename(tmp_path / "winner", path)
            return False
        return real_exists(name)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os.path, "exists", exists_after_the_winner_wrote)
        assert development_secret_key(str(path)) == first
    assert sorted(os.listdir(tmp_path)) == ["secret-key"]
