"""The entry point for ASGI servers: ``uvicorn examples.shop.asgi:app``.

The same application serves WSGI (``wsgi.py``); ``.asgi`` is its ASGI side, which serves the
WebSockets too. Set ``SHOP_ENVIRONMENT`` (``development`` for ``make run``) and, in production,
``SHOP_SECRET_KEY`` and ``SHOP_TRUSTED_HOSTS``.
"""

from examples.shop import create_app

app = create_app().asgi
