"""The entry point for servers: ``gunicorn examples.shop.wsgi:app`` or
``demijohn --app examples/shop/wsgi.py run``."""

from examples.shop import create_app

app = create_app()
