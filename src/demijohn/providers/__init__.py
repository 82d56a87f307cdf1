"""Dependency providers with lifetimes: functions that make the values views, hooks, error
handlers, commands and jobs need (a database session, a service, a client), each made when it
is first asked for and torn down when its lifetime ends.

::

    from typing import Iterator

    from demijohn import Demijohn
    from demijohn.providers import Providers

    app = Demijohn("shop")
    providers = Providers(app)

    @providers.provide
    def get_db() -> Iterator[Database]:
        db = Database.connect()
        try:
            yield db            # the value
            db.commit()         # teardown, before the response is sent
        except Exception:
            db.rollback()       # the view (or a hook) failed
            raise
        finally:
            db.close()

    @app.get("/products")
    def products(db: Database):
        return db.products()

A provider's lifetime is ``"app"`` (made once, torn down when the application stops serving),
``"request"`` (the default: made at most once per request, on first use, and torn down before
the response is sent, so that a failed commit still becomes a 500) or ``"transient"`` (made at
each use). A function asks for a value by the type the provider returns, or explicitly with
``Annotated[T, provider]``; a provider asks for its own dependencies the same way, and for the
request, the typed settings and URL values. What each function needs is worked out once, when
it is first prepared; mistakes (a cycle, an app-lived value that depends on a request-lived
one) are refused then, when the application starts serving, and by ``demijohn check``.

Outside requests, :meth:`Providers.call` and :meth:`Providers.scope` give scripts, commands
and jobs the same values; :meth:`Providers.override` replaces a provider for a test.

This module is a battery: it uses only demijohn's public API (the parameter binders of
:mod:`demijohn.binding`, :meth:`~demijohn.ctx.RequestContext.call_before_response`, the
serving hooks and checks), and nothing in the core imports it. It needs no extra dependency.

.. versionadded:: 0.1
"""

from __future__ import annotations

from .errors import NoScopeError, ProviderError
from .provider import Lifetime, Provider
from .registry import EXTENSION_KEY, Providers

__all__ = ["EXTENSION_KEY", "Lifetime", "NoScopeError", "Provider", "ProviderError", "Providers"]
