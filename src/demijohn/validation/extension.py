"""``Validation``: the battery's set-up on an application: the parameter binder, the OpenAPI
document's and the docs page's routes, and the ``demijohn openapi`` command."""

from __future__ import annotations

import json
import typing as t

from markupsafe import escape

from demijohn import Blueprint, current_app, send_from_directory, url_for

from .binder import Binder, translated_message
from .commands import openapi_command
from .openapi import DocumentBuilder
from .plan import MessageFormatter
from .state import EXTENSION_KEY

if t.TYPE_CHECKING:
    from demijohn import Demijohn, Response


# No inline script: a page under a Content-Security-Policy that allows only the site's own
# scripts (script-src 'self') shows it too. The start script reads the document's URL from
# the page.
_DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{document}"></div>
<script src="{js}"></script>
<script src="{start}"></script>
</body>
</html>
"""

_START_SCRIPT = """\
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.openapiUrl, dom_id: "#swagger-ui", deepLinking: true,
});
"""


class Validation:
    """Typed request binding, response models and the OpenAPI document, for an application.

    :param app: the application, or ``None`` to call :meth:`init_app` later.
    :param title: the API's title in the document; by default the application's name.
    :param version: the API's version in the document.
    :param description: the API's description in the document.
    :param openapi_url: where the document is served; ``None`` serves none.
    :param docs_url: where the interactive docs page (Swagger UI, from the
        ``swagger-ui-bundle-v2`` package, so it works offline) is served; ``None`` serves none.
    :param message_formatter: formats each field error's message for the 422 response, given
        pydantic's error details; by default :func:`~.binder.translated_message`, which goes
        through :mod:`demijohn.i18n` when the application uses it.
    :param servers: the document's ``servers``.
    :param security_schemes: the document's ``components.securitySchemes``.
    :param security: the document's default security requirements.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        app: Demijohn | None = None,
        *,
        title: str | None = None,
        version: str = "0.1.0",
        description: str | None = None,
        openapi_url: str | None = "/openapi.json",
        docs_url: str | None = "/docs",
        message_formatter: MessageFormatter | None = None,
        servers: list[dict[str, t.Any]] | None = None,
        security_schemes: dict[str, t.Any] | None = None,
        security: list[dict[str, list[str]]] | None = None,
    ) -> None:
        self.title = title
        self.version = version
        self.description = description
        self.openapi_url = openapi_url
        self.docs_url = docs_url
        self.message_formatter = message_formatter or translated_message
        self.servers = servers
        self.security_schemes = security_schemes
        self.security = security
        self._documents: dict[int, dict[str, t.Any]] = {}
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Demijohn) -> None:
        """Add the binder, the document's and docs page's routes and the ``openapi`` command
        to ``app``."""
        app.extensions[EXTENSION_KEY] = self
        app.add_parameter_binder(Binder(app, self.message_formatter))
        if self.openapi_url is not None or self.docs_url is not None:
            app.register_blueprint(self._create_blueprint())
        app.cli.add_command(openapi_command)

    def document(self, app: Demijohn | None = None) -> dict[str, t.Any]:
        """The OpenAPI document of ``app`` (by default the current one), made on first use."""
        app = app or t.cast("Demijohn", current_app._get_current_object())  # type: ignore[attr-defined]
        document = self._documents.get(id(app))
        if document is None:
            info: dict[str, t.Any] = {"title": self.title or app.name, "version": self.version}
            if self.description:
                info["description"] = self.description
            extra: dict[str, t.Any] = {}
            if self.servers:
                extra["servers"] = self.servers
            if self.security:
                extra["security"] = self.security
            builder = DocumentBuilder(app, info, extra, self.security_schemes)
            document = self._documents[id(app)] = builder.build()
        return document

    def _create_blueprint(self) -> Blueprint:
        blueprint = Blueprint("openapi", __name__)
        if self.openapi_url is not None:
            blueprint.add_url_rule(self.openapi_url, "document", self._serve_document)
        if self.docs_url is not None:
            if self.openapi_url is None:
                raise ValueError(
                    "The docs page shows the OpenAPI document, but openapi_url is None, so"
                    " none is served. Give openapi_url a URL, or set docs_url to None too."
                )
            blueprint.add_url_rule(self.docs_url, "docs", self._serve_docs)
            folder = self.docs_url.rstrip("/")
            # A static rule: matched before the files' rule below.
            blueprint.add_url_rule(f"{folder}/demijohn-start.js", "start", _start_script)
            blueprint.add_url_rule(f"{folder}/<path:filename>", "asset", _asset)
        return blueprint

    def _serve_document(self) -> Response:
        return current_app.response_class(json.dumps(self.document()), mimetype="application/json")

    def _serve_docs(self) -> str:
        return _DOCS_PAGE.format(
            title=escape(f"{self.title or current_app.name}: API"),
            css=url_for("openapi.asset", filename="swagger-ui.css"),
            js=url_for("openapi.asset", filename="swagger-ui-bundle.js"),
            start=url_for("openapi.start"),
            document=escape(url_for("openapi.document")),
        )


def _start_script() -> Response:
    """The script that starts Swagger UI on the docs page."""
    return current_app.response_class(_START_SCRIPT, mimetype="text/javascript")


def _asset(filename: str) -> Response:
    """A file of Swagger UI, from the package that ships it."""
    import swagger_ui_bundle  # type: ignore[import-untyped]  # ships no types

    return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)


__all__ = ["Validation"]
