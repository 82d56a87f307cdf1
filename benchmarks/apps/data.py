"""The values every benchmark application shares: route shapes, template rows, the JSON body
and the session secret. Standard library only."""

from __future__ import annotations

import typing as t

#: Routes registered before the target of the ``params`` and ``not_found`` cases, so that the
#: target is the 101st route.
FILLER_ROUTES = 100

#: The secret key that signs the ``session`` case's cookie.
SECRET_KEY = "benchmark secret: not for production"

#: The rows the ``template`` case renders in a loop.
ROWS: list[dict[str, t.Any]] = [
    {"id": i, "name": f"Item {i}", "price": f"{i * 1.25:.2f}", "in_stock": i % 3 != 0}
    for i in range(20)
]


def make_model_body() -> dict[str, t.Any]:
    """The 10-field object the ``json_model`` case posts, as its model declares it."""
    return {
        "name": "Kettle",
        "sku": "KT-1042",
        "price": 34.5,
        "quantity": 12,
        "in_stock": True,
        "tags": ["kitchen", "steel"],
        "weight": 1.25,
        "color": None,
        "rating": 4,
        "description": "A steel kettle that whistles.",
    }


def make_json_body() -> dict[str, t.Any]:
    """The 50-field object the ``json`` case posts: strings, integers, floats, booleans, null
    and short lists, as a form or an API payload would carry."""
    body: dict[str, t.Any] = {}
    for i in range(50):
        kind = i % 5
        if kind == 0:
            body[f"field_{i}"] = f"value {i}"
        elif kind == 1:
            body[f"field_{i}"] = i * 1000
        elif kind == 2:
            body[f"field_{i}"] = i / 7
        elif kind == 3:
            body[f"field_{i}"] = i % 2 == 0 or None
        else:
            body[f"field_{i}"] = [i, f"tag {i}", i % 2 == 0]
    return body
