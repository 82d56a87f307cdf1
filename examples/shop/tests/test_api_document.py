"""The shop's API against its own OpenAPI document: the document is valid OpenAPI 3.1, and
schemathesis, generating requests from it (valid ones and not), gets no 5xx and no response the
document does not describe (status, content type, body), over WSGI and over ASGI."""

from __future__ import annotations

import pathlib
import tempfile
import typing as t

import schemathesis
from examples.shop import create_app
from examples.shop import settings as shop_settings
from examples.shop.tests.conftest import settings_for
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from demijohn import Demijohn
from demijohn.logging import default_handler
from demijohn.testing import DemijohnClient


def _served_document() -> dict[str, t.Any]:
    """The document as the shop serves it, from an application of its own: schemathesis needs
    it when the tests are collected, and it does not depend on the data."""
    # Making the shop sets the format of demijohn's log handler, which is the process's: put
    # back as it was, since this runs while the tests are collected, before any of them.
    formatter = default_handler.formatter
    try:
        with tempfile.TemporaryDirectory() as folder:
            app = create_app(shop_settings.Testing, settings_for(pathlib.Path(folder)))
            with app.test_client() as client:
                return t.cast(dict[str, t.Any], client.get("/api/openapi.json").json)
    finally:
        default_handler.setFormatter(formatter)


DOCUMENT = _served_document()
schema = schemathesis.openapi.from_dict(DOCUMENT)


def test_the_document_is_valid_openapi() -> None:
    validate(DOCUMENT)
    assert DOCUMENT["openapi"].startswith("3.1.")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    # Nothing written into the checkout, and the same examples at each run: CI gates on it, so
    # a failure must be reproducible.
    database=None,
    derandomize=True,
    # One application (and database) serves every example of an operation, as a server would.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_the_api_keeps_to_its_document(case: t.Any, app: Demijohn, client: DemijohnClient) -> None:
    # The test client is a Werkzeug client, which schemathesis's WSGI transport drives; over
    # ASGI, the client sends each request through the application's ASGI side.
    case.call_and_validate(app=app, session=client)
