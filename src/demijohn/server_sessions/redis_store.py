"""Sessions in Redis: each one a string key with Redis's own expiry (``SET ... EX``).

Under WSGI and outside requests the store uses redis-py's synchronous client, whose pool
threads share. Under ASGI, on the server's event loop, it uses the asyncio client, so that
waiting for Redis never blocks the loop. An asyncio client and its pool belong to one event
loop: the store makes one for the loop it is called on, and closes it as that loop shuts
down (through an async generator the loop finalises), so that a server's loop keeps one pool
for the process while a test client that runs each request in a loop of its own leaves no
connection open behind it.
"""

from __future__ import annotations

import asyncio
import typing as t

import redis
import redis.asyncio

from demijohn.calling import on_server_loop, run_coroutine

from .errors import SessionStoreError

if t.TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from datetime import timedelta

__all__ = ["RedisStore"]

T = t.TypeVar("T")


class RedisStore:
    """A :class:`~demijohn.server_sessions.SessionStore` in Redis.

    :param url: the Redis URL (``redis://host:6379/0``, ``rediss://`` for TLS,
        ``unix:///run/redis.sock``).
    :param prefix: put before each key, so that sessions share a database with other data.
    :param options: keyword arguments of both clients (``socket_timeout``,
        ``max_connections``, ...).

    Connecting and reading time out after two seconds unless ``options`` say otherwise, so a
    Redis that went away costs a request a short wait and a 503, not a hung worker.

    .. versionadded:: 0.1
    """

    def __init__(self, url: str, *, prefix: str = "session:", **options: t.Any) -> None:
        self.url = url
        self.prefix = prefix
        self.options = {"socket_connect_timeout": 2, "socket_timeout": 2, **options}
        self._client: redis.Redis | None = None
        self._async_client: redis.asyncio.Redis | None = None
        self._async_loop: asyncio.AbstractEventLoop | None = None
        self._closer: t.AsyncGenerator[None, None] | None = None

    def __repr__(self) -> str:
        return f"<RedisStore {self.description}>"

    @property
    def description(self) -> str:
        """Where the store is, for messages: the URL without its password."""
        scheme, sep, rest = self.url.partition("://")
        if "@" in rest:
            rest = rest.rpartition("@")[2]
        return f"Redis at {scheme}{sep}{rest}"

    @property
    def client(self) -> redis.Redis:
        """The synchronous client, made on first use."""
        if self._client is None:
            self._client = redis.Redis.from_url(self.url, **self.options)
        return self._client

    async def async_client(self) -> redis.asyncio.Redis:
        """The asyncio client of the running event loop, made on its first use there."""
        loop = asyncio.get_running_loop()
        if self._async_client is None or self._async_loop is not loop:
            client = redis.asyncio.Redis.from_url(self.url, **self.options)
            self._async_client, self._async_loop = client, loop
            # Started here, the generator is known to the loop, which closes it (and so the
            # client's connections) in its shutdown; the store keeps it alive until then.
            self._closer = _close_at_loop_end(client)
            await self._closer.asend(None)
        return self._async_client

    def load(self, key: str) -> str | None:
        if on_server_loop():
            raw = self._run_async(lambda client: client.get(self.prefix + key))
        else:
            raw = self._run(lambda client: client.get(self.prefix + key))
        if raw is None:
            return None
        return raw.decode() if isinstance(raw, bytes) else str(raw)

    def save(self, key: str, payload: str, lifetime: timedelta) -> None:
        seconds = max(1, int(lifetime.total_seconds()))
        if on_server_loop():
            self._run_async(lambda client: client.set(self.prefix + key, payload, ex=seconds))
        else:
            self._run(lambda client: client.set(self.prefix + key, payload, ex=seconds))

    def delete(self, key: str) -> None:
        if on_server_loop():
            self._run_async(lambda client: client.delete(self.prefix + key))
        else:
            self._run(lambda client: client.delete(self.prefix + key))

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        closer, self._closer = self._closer, None
        self._async_client = self._async_loop = None
        if closer is not None and on_server_loop():
            run_coroutine(closer.aclose())

    def _run(self, command: Callable[[redis.Redis], T]) -> T:
        try:
            return command(self.client)
        except redis.RedisError as e:
            raise self._unavailable(e) from e

    def _run_async(self, command: Callable[[redis.asyncio.Redis], Awaitable[T]]) -> T:
        async def run() -> T:
            return await command(await self.async_client())

        try:
            return run_coroutine(run())
        except redis.RedisError as e:
            raise self._unavailable(e) from e

    def _unavailable(self, exc: redis.RedisError) -> SessionStoreError:
        return SessionStoreError(
            f"The session store ({self.description}) failed:"
            f" {type(exc).__name__}: {_sentence(exc)}."
            " Check that Redis is running and reachable at that address from this host (its"
            " port, a firewall, the password in the URL), then retry; sessions cannot be read"
            " or saved until it answers."
        )


async def _close_at_loop_end(client: redis.asyncio.Redis) -> t.AsyncGenerator[None, None]:
    try:
        yield
    finally:
        await client.aclose()


def _sentence(exc: BaseException) -> str:
    """The exception's message without its full stop, to go inside a sentence."""
    return str(exc).rstrip(".")
