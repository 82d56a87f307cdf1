"""Importing this module switches the Flask compatibility layer on.

Put ``import demijohn.compat.flask_on`` first in an application's entry point (its ``wsgi.py``,
``asgi.py`` or ``manage.py``), before anything imports ``flask``; see
:func:`demijohn.compat.flask.install`.
"""

from __future__ import annotations

from .flask import install

install()
