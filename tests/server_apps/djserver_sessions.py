"""An application on server-side sessions in Redis (``$DJSERVER_REDIS_URL``), whose
``/clients`` tells how many asyncio Redis clients the store has made in this worker: under
an ASGI server, one for the server's loop, however many requests came."""

from __future__ import annotations

import os
import typing as t

import redis.asyncio

from demijohn import Demijohn, session
from demijohn.server_sessions import RedisStore, ServerSessions, regenerate_session


class CountingStore(RedisStore):
    made = 0

    async def async_client(self) -> redis.asyncio.Redis:
        before = self._async_client
        client = await super().async_client()
        if client is not before:
            type(self).made += 1
        return client


app = Demijohn(__name__)
app.config["SECRET_KEY"] = "a server test key that is long enough to sign"
ServerSessions(app, CountingStore(os.environ["DJSERVER_REDIS_URL"]))


@app.post("/login/<name>")
def login(name: str) -> str:
    regenerate_session()
    session["user"] = name
    return "in"


@app.post("/visit")
def visit() -> dict[str, t.Any]:
    session["visits"] = session.get("visits", 0) + 1
    return {"user": session.get("user"), "visits": session["visits"]}


@app.get("/clients")
def clients() -> dict[str, int]:
    return {"made": CountingStore.made}


@app.post("/visit-async")
async def visit_async() -> dict[str, t.Any]:
    session["visits"] = session.get("visits", 0) + 1
    return {"user": session.get("user"), "visits": session["visits"]}
