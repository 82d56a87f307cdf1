"""Typed hooks and error handlers that take the request explicitly, as a parameter named
``request`` or annotated with the request class; checked by mypy, not run by pytest."""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.exceptions import HTTPException, NotFound

from demijohn import Blueprint, Demijohn, Request, Response

app = Demijohn(__name__)
bp = Blueprint("bp", __name__)


@app.after_request
def after(response: Response, request: Request) -> Response:
    response.headers["X-Path"] = request.path
    return response


@app.after_request
async def after_async(response: Response, request: Request) -> Response:
    return response


@app.errorhandler(404)
def not_found(error: NotFound, request: Request) -> tuple[str, int]:
    return f"{request.path} not found", 404


@app.errorhandler(ValueError)
async def value_error(error: ValueError, request: Request) -> str:
    return f"{request.path}: {error}"


# Annotated with the request class rather than named ``request``.
def http_error(error: HTTPException, req: Request) -> HTTPException:
    return error


app.register_error_handler(HTTPException, http_error)
app.register_error_handler(NotFound, not_found)

# The decorators keep the function's own type, two parameters and all.
kept: Callable[[NotFound, Request], tuple[str, int]] = not_found


@bp.after_app_request
def bp_after(response: Response, request: Request) -> Response:
    return response


@bp.after_request
def bp_after_own(response: Response, request: Request) -> Response:
    return response


@bp.app_errorhandler(500)
def server_error(error: Exception, request: Request) -> str:
    return "error"


@bp.errorhandler(LookupError)
def lookup_error(error: LookupError, request: Request) -> str:
    return "missing"


app.register_blueprint(bp, url_prefix="/bp")
