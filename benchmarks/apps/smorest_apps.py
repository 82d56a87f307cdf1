"""The ``json_model`` case as flask-smorest's documentation writes it: a ``Blueprint`` of an
``Api`` whose view takes its arguments from a marshmallow schema (``@blp.arguments``) and
returns through one (``@blp.response``). Its other cases would be Flask's own."""

from __future__ import annotations

import typing as t

import marshmallow as ma
from flask import Flask
from flask_smorest import Api, Blueprint


class ProductSchema(ma.Schema):
    name = ma.fields.String(required=True)
    sku = ma.fields.String(required=True)
    price = ma.fields.Float(required=True)
    quantity = ma.fields.Integer(required=True)
    in_stock = ma.fields.Boolean(required=True)
    tags = ma.fields.List(ma.fields.String(), required=True)
    weight = ma.fields.Float(required=True)
    color = ma.fields.String(required=True, allow_none=True)
    rating = ma.fields.Integer(required=True)
    description = ma.fields.String(required=True)


def create_json_model() -> Flask:
    app = Flask(__name__)
    app.config.update(
        API_TITLE="Benchmark shop",
        API_VERSION="1",
        OPENAPI_VERSION="3.1.0",
    )
    api = Api(app)
    blp = Blueprint("products", __name__)

    @blp.post("/products")
    @blp.arguments(ProductSchema)
    @blp.response(200, ProductSchema)
    def echo(product: dict[str, t.Any]) -> dict[str, t.Any]:
        return product

    api.register_blueprint(blp)
    return app
