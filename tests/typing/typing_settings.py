"""Typed uses of demijohn.settings; checked by mypy, not run by pytest: the loaded settings
keep the application's own class, so each value has the type its field declares."""

from __future__ import annotations

import typing as t

from demijohn import Demijohn
from demijohn.settings import SecretStr, Settings


class ShopSettings(Settings):
    PAGE_SIZE: int = 20
    SECRET_KEY: SecretStr
    ALLOWED_HOSTS: list[str] = []


app = Demijohn(__name__)
settings: ShopSettings = ShopSettings.init_app(app, overrides={"SECRET_KEY": "k"})
page_size: int = ShopSettings.of(app).PAGE_SIZE
hosts: list[str] = ShopSettings.of().ALLOWED_HOSTS
secret: str = settings.SECRET_KEY.get_secret_value()
loaded: ShopSettings = ShopSettings.load(prefix="SHOP_", overrides={"SECRET_KEY": "k"})
where: dict[str, str] = loaded.sources()
if t.TYPE_CHECKING:
    t.assert_type(ShopSettings.of(app), ShopSettings)
