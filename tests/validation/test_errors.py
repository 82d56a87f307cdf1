"""Tests for demijohn.validation.errors: problem details, and error handlers that replace them
per application and per blueprint."""

from __future__ import annotations

from demijohn import Blueprint, Demijohn
from demijohn.testing import DemijohnClient
from demijohn.validation import (
    PROBLEM_MEDIA_TYPE,
    InvalidBody,
    ProblemDetails,
    Validation,
    ValidationError,
)


def test_a_validation_error_lists_its_fields() -> None:
    error = ValidationError([{"location": "query.page", "message": "bad", "type": "int_parsing"}])
    assert error.code == 422
    assert error.problem() == {
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": error.description,
        "errors": [{"location": "query.page", "message": "bad", "type": "int_parsing"}],
    }
    assert "1 value is missing or invalid" in str(error.description)
    assert error.response.status_code == 422
    assert error.response.headers["Content-Type"] == PROBLEM_MEDIA_TYPE


def test_a_given_response_wins() -> None:
    error = InvalidBody("no")
    given = error.response
    error.response = given
    assert error.response is given
    assert isinstance(error, ProblemDetails)
    assert error.code == 400


def test_handlers_replace_the_response(app: Demijohn, client: DemijohnClient) -> None:
    Validation(app)
    shop = Blueprint("shop", __name__, url_prefix="/shop")

    @app.errorhandler(ValidationError)
    def app_wide(error: ValidationError) -> tuple[dict[str, object], int]:
        return {"fields": [e["location"] for e in error.errors]}, 400

    @shop.errorhandler(422)
    def in_the_shop(error: ValidationError) -> tuple[str, int]:
        return f"shop: {len(error.errors)} wrong", 422

    @app.get("/")
    def index(page: int, size: int) -> str:
        return ""

    @shop.get("/")
    def shop_index(page: int) -> str:
        return ""

    app.register_blueprint(shop)
    response = client.get("/")
    assert response.status_code == 400
    assert response.get_json() == {"fields": ["query.page", "query.size"]}
    response = client.get("/shop/")
    assert (response.status_code, response.text) == (422, "shop: 1 wrong")
