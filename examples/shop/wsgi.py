"""The entry point for WSGI servers: ``gunicorn examples.shop.wsgi:app`` or
``demijohn --app examples/shop/wsgi.py run``.

``SHOP_ENVIRONMENT`` chooses the settings (``development`` for ``make run``; ``production``,
the default, needs ``SHOP_SECRET_KEY``, which ``python -c "import secrets;
print(secrets.token_hex(32))"`` makes, and ``SHOP_TRUSTED_HOSTS``, such as
``'["shop.example"]'``). In development the key made for this checkout, kept in the instance
folder, signs the sessions.
"""

from examples.shop import create_app

app = create_app()
