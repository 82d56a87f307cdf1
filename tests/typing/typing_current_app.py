"""The application of the active context, typed as the subclass it was made from; checked by
mypy, not run by pytest."""

from __future__ import annotations

import typing as t

from demijohn import Demijohn


class Mailer:
    def send(self, to: str) -> None: ...


class ShopApp(Demijohn):
    mailer: Mailer


def invite(to: str) -> None:
    app = ShopApp.current()
    t.assert_type(app, ShopApp)
    app.mailer.send(to)


t.assert_type(Demijohn.current(), Demijohn)
