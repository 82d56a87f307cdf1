"""An application built by a factory that takes arguments."""

from __future__ import annotations

from demijohn import Demijohn


def create_app(name: str = "djcli_factory", testing: bool = False) -> Demijohn:
    app = Demijohn(name)
    app.config["TESTING"] = testing
    return app
