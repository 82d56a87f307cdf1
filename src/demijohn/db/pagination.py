"""Pagination: one page of a query's results, with what templates and JSON answers need to
link to the others.

:func:`paginate` (and :func:`async_paginate`) read the page and its size from the request's
query string (``?page=3&per_page=50``) unless given, run two queries, one for the page's rows
and one counting them all, and return a :class:`Page`. A page number or size that is not a
positive integer answers 400 Bad Request; a page past the last one answers 404 Not Found.
"""

from __future__ import annotations

import collections.abc as cabc
import math
import typing as t

import sqlalchemy as sa

from demijohn import abort, has_request_context, request, url_for

if t.TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.ext.asyncio import AsyncSession
    from sqlalchemy.orm import Session

__all__ = ["DEFAULT_PER_PAGE", "MAX_PER_PAGE", "Page", "async_paginate", "paginate"]

T = t.TypeVar("T")

#: The page size when neither the call nor the request gives one.
DEFAULT_PER_PAGE = 20
#: The largest page size a request may ask for, unless the call allows more.
MAX_PER_PAGE = 100


class Page(t.Generic[T]):
    """One page of results.

    In a template::

        {% for product in page.items %} ... {% endfor %}
        {% if page.has_prev %}<a href="{{ page.prev_url }}">Previous</a>{% endif %}
        {% for number in page.iter_pages() %}
          {% if number is none %}…{% elif number == page.page %}{{ number }}
          {% else %}<a href="{{ page.url(number) }}">{{ number }}</a>{% endif %}
        {% endfor %}

    In a JSON answer: ``return page.to_dict(lambda product: {"name": product.name})``.

    :param items: the page's results.
    :param page: its number, from 1.
    :param per_page: the page size.
    :param total: how many results there are in all.
    """

    def __init__(self, items: list[T], page: int, per_page: int, total: int) -> None:
        self.items = items
        self.page = page
        self.per_page = per_page
        self.total = total
        # The links are to the endpoint and arguments of the request that made the page.
        self._endpoint: str | None = None
        self._arguments: dict[str, t.Any] = {}
        if has_request_context() and request.endpoint is not None:
            self._endpoint = request.endpoint
            self._arguments = {**request.args.to_dict(flat=False), **(request.view_args or {})}

    def __iter__(self) -> cabc.Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"<Page {self.page} of {self.pages} ({len(self.items)} of {self.total} items)>"

    @property
    def pages(self) -> int:
        """How many pages there are; 0 when there are no results."""
        return math.ceil(self.total / self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @property
    def first(self) -> int:
        """The number, from 1, of the page's first item among all; 0 on an empty page."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        """The number of the page's last item among all; 0 on an empty page."""
        return self.first + len(self.items) - 1 if self.items else 0

    def url(self, page: int, *, external: bool = False) -> str:
        """The URL of page ``page``: the request's endpoint and URL values, and its query
        string with ``page`` replaced.

        :raises RuntimeError: the page was not made in a request.
        """
        if self._endpoint is None:
            raise RuntimeError(
                "This page was made outside a request, so it has no URL to link its pages to."
                " Make it in a view, or build the links with url_for yourself."
            )
        arguments = {**self._arguments, "page": page}
        return url_for(self._endpoint, _external=external, **arguments)

    @property
    def prev_url(self) -> str | None:
        """The previous page's URL, or ``None`` on the first page."""
        return None if self.prev_num is None else self.url(self.prev_num)

    @property
    def next_url(self) -> str | None:
        """The next page's URL, or ``None`` on the last page."""
        return None if self.next_num is None else self.url(self.next_num)

    def iter_pages(
        self,
        *,
        left_edge: int = 2,
        left_current: int = 2,
        right_current: int = 4,
        right_edge: int = 2,
    ) -> cabc.Iterator[int | None]:
        """The page numbers to show in a pager: the first ``left_edge``, those around the
        current one, and the last ``right_edge``, with ``None`` where numbers are left out.
        ``iter_pages()`` on page 10 of 20 gives 1, 2, None, 8, 9, 10, 11, 12, 13, 14, None,
        19, 20."""
        pages, current = self.pages, self.page
        around = range(max(1, current - left_current), min(pages, current + right_current) + 1)
        shown = sorted(
            set(range(1, min(left_edge, pages) + 1))
            | set(around)
            | set(range(max(1, pages - right_edge + 1), pages + 1))
        )
        previous = 0
        for number in shown:
            if number != previous + 1:
                yield None
            yield number
            previous = number

    def to_dict(self, item: t.Callable[[T], t.Any] | None = None) -> dict[str, t.Any]:
        """The page as a JSON-ready dict: ``items`` (each through ``item``, if given), the
        numbers, and the ``next`` and ``prev`` URLs (``None`` at the ends, or outside a
        request)."""
        made_in_request = self._endpoint is not None
        return {
            "items": [item(each) for each in self.items] if item is not None else self.items,
            "page": self.page,
            "per_page": self.per_page,
            "total": self.total,
            "pages": self.pages,
            "prev": self.prev_url if made_in_request else None,
            "next": self.next_url if made_in_request else None,
        }


def _numbers(page: int | None, per_page: int | None, max_per_page: int | None) -> tuple[int, int]:
    """The page number and size: given, else from the query string, else 1 and the default."""
    in_request = has_request_context()
    if page is None:
        page = _argument("page", 1) if in_request else 1
    if per_page is None:
        per_page = _argument("per_page", DEFAULT_PER_PAGE) if in_request else DEFAULT_PER_PAGE
    if page < 1 or per_page < 1:
        abort(400, description="The page and the page size must be at least 1.")
    limit = MAX_PER_PAGE if max_per_page is None else max_per_page
    return page, min(per_page, limit)


def _argument(name: str, default: int) -> int:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        abort(400, description=f"The query argument {name!r} must be a number, not {value!r}.")
    if number < 1:
        abort(400, description=f"The query argument {name!r} must be at least 1, not {number}.")
    return number


def _count(statement: Select[t.Any]) -> Select[int]:
    return sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())


def _window(statement: Select[T], page: int, per_page: int) -> Select[T]:
    return statement.limit(per_page).offset((page - 1) * per_page)


def _check_in_range(page: Page[t.Any]) -> Page[t.Any]:
    if page.page > 1 and page.page > page.pages:
        abort(404, description=f"There is no page {page.page}; there are {page.pages}.")
    return page


def paginate(
    session: Session,
    statement: Select[T],
    *,
    page: int | None = None,
    per_page: int | None = None,
    max_per_page: int | None = None,
) -> Page[T]:
    """One page of ``statement``'s results (the first column of each row: entities for
    ``select(Model)``). Order the statement, or pages may overlap.

    :param session: the session to run the queries in.
    :param statement: a ``select()``.
    :param page: the page number; by default the request's ``page`` argument, else 1.
    :param per_page: the page size; by default the request's ``per_page`` argument, else
        :data:`DEFAULT_PER_PAGE`.
    :param max_per_page: the largest size allowed; :data:`MAX_PER_PAGE` by default.
    """
    number, size = _numbers(page, per_page, max_per_page)
    items = list(session.scalars(_window(statement, number, size)))
    total = session.scalar(_count(statement)) or 0
    return _check_in_range(Page(items, number, size, total))


async def async_paginate(
    session: AsyncSession,
    statement: Select[T],
    *,
    page: int | None = None,
    per_page: int | None = None,
    max_per_page: int | None = None,
) -> Page[T]:
    """:func:`paginate` for an async session."""
    number, size = _numbers(page, per_page, max_per_page)
    items = list(await session.scalars(_window(statement, number, size)))
    total = await session.scalar(_count(statement)) or 0
    return _check_in_range(Page(items, number, size, total))
