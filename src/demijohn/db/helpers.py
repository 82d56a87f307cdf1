"""What views do with a session over and over: fetch a row or answer 404, and cut a query into
pages (:mod:`demijohn.db.pagination`). Each comes in a sync form, for a
:class:`~sqlalchemy.orm.Session`, and an async one, for an
:class:`~sqlalchemy.ext.asyncio.AsyncSession`.
"""

from __future__ import annotations

import contextlib
import typing as t

from sqlalchemy.exc import DataError, NoResultFound

from demijohn import abort

if t.TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.ext.asyncio import AsyncSession
    from sqlalchemy.orm import Session

__all__ = [
    "async_first_or_404",
    "async_get_or_404",
    "async_one_or_404",
    "first_or_404",
    "get_or_404",
    "one_or_404",
]

T = t.TypeVar("T")

#: The SQLSTATE of a value beyond the range of its type (PostgreSQL and the standard).
_OUT_OF_RANGE = "22003"


@contextlib.contextmanager
def _not_found_beyond_range(description: str | None) -> t.Iterator[None]:
    """Answer 404 when the block's query had a value its column's type cannot hold."""
    try:
        yield
    except OverflowError:
        abort(404, description=description)
    except DataError as e:
        # psycopg names the state sqlstate, psycopg2 pgcode.
        state = getattr(e.orig, "sqlstate", None) or getattr(e.orig, "pgcode", None)
        if state != _OUT_OF_RANGE:
            raise
        abort(404, description=description)


def get_or_404(
    session: Session, model: type[T], ident: t.Any, *, description: str | None = None
) -> T:
    """The instance of ``model`` whose primary key is ``ident``; else the request is answered
    with 404 Not Found.

    :param session: the request's session.
    :param model: a mapped class.
    :param ident: its primary key (a tuple or dict for a composite one).
    :param description: the 404's description.
    """
    with _not_found_beyond_range(description):
        found = session.get(model, ident)
    if found is None:
        abort(404, description=description)
    return found


def first_or_404(session: Session, statement: Select[T], *, description: str | None = None) -> T:
    """The first row's first column of ``statement`` (an entity, for ``select(Model)``); 404
    when there is no row."""
    with _not_found_beyond_range(description):
        found = session.scalars(statement).first()
    if found is None:
        abort(404, description=description)
    return found


def one_or_404(session: Session, statement: Select[T], *, description: str | None = None) -> T:
    """The one row's first column of ``statement``; 404 when there is none.

    :raises sqlalchemy.exc.MultipleResultsFound: there are several, a mistake of the query
        rather than of the request.
    """
    with _not_found_beyond_range(description):
        try:
            return session.scalars(statement).one()
        except NoResultFound:
            abort(404, description=description)


async def async_get_or_404(
    session: AsyncSession, model: type[T], ident: t.Any, *, description: str | None = None
) -> T:
    """:func:`get_or_404` for an async session."""
    with _not_found_beyond_range(description):
        found = await session.get(model, ident)
    if found is None:
        abort(404, description=description)
    return found


async def async_first_or_404(
    session: AsyncSession, statement: Select[T], *, description: str | None = None
) -> T:
    """:func:`first_or_404` for an async session."""
    with _not_found_beyond_range(description):
        found = (await session.scalars(statement)).first()
    if found is None:
        abort(404, description=description)
    return found


async def async_one_or_404(
    session: AsyncSession, statement: Select[T], *, description: str | None = None
) -> T:
    """:func:`one_or_404` for an async session."""
    with _not_found_beyond_range(description):
        try:
            return (await session.scalars(statement)).one()
        except NoResultFound:
            abort(404, description=description)
