"""The errors a request that fails binding gets: HTTP exceptions whose responses are RFC 9457
problem details (``application/problem+json``), which error handlers registered for them, or
for their status codes, replace as any other.
"""

from __future__ import annotations

import json
import typing as t

from werkzeug.exceptions import BadRequest, HTTPException, UnprocessableEntity, UnsupportedMediaType
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.sansio.response import Response as SansIOResponse

from demijohn import Response

#: The media type of problem details (RFC 9457).
PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(t.TypedDict):
    """One field that failed validation.

    .. versionadded:: 0.1
    """

    #: Where the value was: ``"query.page"``, ``"header.X-Token"``, ``"body.items[2].price"``.
    location: str
    #: What is wrong with it, for a person (translated when the application translates).
    message: str
    #: What is wrong with it, for a program: pydantic's error type (``"missing"``,
    #: ``"int_parsing"``, ``"greater_than_equal"``...).
    type: str


class ProblemDetails(HTTPException):
    """An HTTP exception whose response is an RFC 9457 problem-details object.

    It carries its response (:attr:`response` is never ``None``), so that handlers that
    render HTML error pages for every HTTP exception, such as :mod:`demijohn.i18n`'s
    translated pages, leave it as it is; a handler registered for the class or its status
    code replaces it as usual.

    .. versionadded:: 0.1
    """

    _response: SansIOResponse | None = None

    @property
    def response(self) -> SansIOResponse:
        """The response given to the exception, or else its problem details."""
        if self._response is not None:
            return self._response
        return Response(self.get_body(), self.code, self.get_headers())

    @response.setter
    def response(self, value: SansIOResponse | None) -> None:
        self._response = value

    def problem(self) -> dict[str, t.Any]:
        """The problem-details object: ``type``, ``title``, ``status`` and ``detail``."""
        code = self.code or 500
        return {
            "type": "about:blank",
            "title": HTTP_STATUS_CODES.get(code, "Error"),
            "status": code,
            "detail": self.description,
        }

    def get_body(self, environ: t.Any = None, scope: t.Any = None) -> str:
        return json.dumps(self.problem())

    def get_headers(self, environ: t.Any = None, scope: t.Any = None) -> list[tuple[str, str]]:
        return [("Content-Type", PROBLEM_MEDIA_TYPE)]


class ValidationError(ProblemDetails, UnprocessableEntity):
    """The request's parameters or body failed validation (422). :attr:`errors` lists every
    field that failed, each with its location; the response lists them as ``errors``.

    Register an error handler for this class (or for 422) on the application or a blueprint
    to answer differently.

    :param errors: the fields that failed.

    .. versionadded:: 0.1
    """

    def __init__(self, errors: list[FieldError]) -> None:
        count = len(errors)
        noun = "value is" if count == 1 else "values are"
        super().__init__(
            f"The request cannot be processed: {count} {noun} missing or invalid. See"
            " 'errors' for where each one is and what is wrong with it."
        )
        self.errors = errors

    def problem(self) -> dict[str, t.Any]:
        return {**super().problem(), "errors": self.errors}


class InvalidBody(ProblemDetails, BadRequest):
    """The request's body could not be read as the view expects it: not JSON, or not JSON
    that parses (400).

    .. versionadded:: 0.1
    """


class UnsupportedBody(ProblemDetails, UnsupportedMediaType):
    """The request's body is not of a media type the view reads (415).

    .. versionadded:: 0.1
    """


__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "FieldError",
    "InvalidBody",
    "ProblemDetails",
    "UnsupportedBody",
    "ValidationError",
]
