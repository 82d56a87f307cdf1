"""The entry point for servers: ``gunicorn examples.shop.wsgi:app`` or
``demijohn --app examples/shop/wsgi.py run``.

Set ``SHOP_SECRET_KEY`` in the server's environment (``python -c "import secrets;
print(secrets.token_hex(32))"`` makes one); without it the key made for this checkout, kept in
the instance folder, signs the sessions.
"""

from examples.shop import create_app

app = create_app()
