"""Typed class-based views; checked by mypy, not run by pytest.

Flask declares ``View.dispatch_request(self)``, so typed Flask code overrides it without
parameters; demijohn passes the URL values as keyword arguments, so code written for it often
names them. Both overrides must type-check.
"""

from __future__ import annotations

import typing as t

from demijohn import Demijohn
from demijohn.typing import ResponseReturnValue
from demijohn.views import MethodView, View

app = Demijohn(__name__)


class Plain(View):
    """As Flask's documentation writes it (and Flask's own type checks)."""

    def dispatch_request(self) -> str:
        return "plain"


class WithValues(View):
    def dispatch_request(self, item_id: int) -> str:
        return str(item_id)


class WithAnyValues(View):
    def dispatch_request(self, **kwargs: t.Any) -> ResponseReturnValue:
        return str(kwargs)


class Items(MethodView):
    def get(self, item_id: int) -> dict[str, int]:
        return {"id": item_id}


app.add_url_rule("/plain", view_func=Plain.as_view("plain"))
app.add_url_rule("/values/<int:item_id>", view_func=WithValues.as_view("values"))
app.add_url_rule("/any/<name>", view_func=WithAnyValues.as_view("any"))
app.add_url_rule("/items/<int:item_id>", view_func=Items.as_view("items"))
t.assert_type(Plain.as_view("again").view_class, type[t.Any])
