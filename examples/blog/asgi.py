"""The ASGI entry point: ``uvicorn asgi:app.asgi``, run from this folder.

This is the one module of the blog that knows about demijohn. It switches demijohn's Flask
compatibility layer on before anything imports ``flask``; after that, the blog's
``import flask`` gives demijohn. ``asgi`` is the attribute of a demijohn application that
serves it over ASGI; the application itself is the WSGI callable.
"""

import demijohn.compat.flask_on  # noqa: F401

# isort: split
from blog import create_app

app = create_app()
