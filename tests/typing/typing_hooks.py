"""Typed uses of hooks and error handlers; checked by mypy, not run by pytest."""

from __future__ import annotations

from werkzeug.exceptions import HTTPException, NotFound

from demijohn import Blueprint, Demijohn, Request, Response

app = Demijohn(__name__)
bp = Blueprint("bp", __name__)


@app.before_request
def before() -> None:
    pass


@app.before_request
def before_short_circuit() -> str | None:
    return None


@app.after_request
def after(response: Response) -> Response:
    return response


@app.teardown_request
def teardown(exc: BaseException | None) -> None:
    pass


@app.teardown_appcontext
def teardown_app(exc: BaseException | None) -> None:
    pass


@app.errorhandler(404)
def not_found(e: NotFound) -> tuple[str, int]:
    return "not found", 404


@app.errorhandler(HTTPException)
def http_error(e: HTTPException) -> HTTPException:
    return e


@app.errorhandler(ValueError)
async def value_error(e: ValueError) -> str:
    return str(e)


@bp.before_app_request
def bp_before() -> None:
    pass


@bp.app_errorhandler(500)
def server_error(e: Exception) -> str:
    return "error"


@app.url_value_preprocessor
def pull(endpoint: str | None, values: dict[str, object] | None) -> None:
    pass


@app.url_defaults
def push(endpoint: str, values: dict[str, object]) -> None:
    pass


def explicit_after(response: Response, request: Request) -> Response:
    return response


app.register_blueprint(bp, url_prefix="/bp")
