"""Typed uses of routing and return values; checked by mypy, not run by pytest."""

from __future__ import annotations

import collections.abc as cabc
import typing as t

from werkzeug.wrappers import Response as WerkzeugResponse

from demijohn import Demijohn, Request, Response, jsonify, make_response, stream_with_context
from demijohn.streaming import ServerSentEvent, event_stream

app = Demijohn(__name__)


@app.route("/str")
def hello_str() -> str:
    return "hello"


@app.route("/bytes")
def hello_bytes() -> bytes:
    return b"hello"


@app.route("/json")
def hello_json() -> Response:
    return jsonify(value="hello")


@app.route("/dict")
def hello_dict() -> dict[str, t.Any]:
    return {"value": "hello"}


@app.route("/list")
def hello_list() -> list[t.Any]:
    return ["hello", 1]


@app.route("/generator")
def hello_generator() -> t.Iterator[str]:
    yield "hello"


@app.route("/status")
def tuple_status() -> tuple[str, int]:
    return "hello", 201


@app.route("/headers")
def tuple_headers() -> tuple[str, dict[str, str]]:
    return "hello", {"X-Header": "value"}


@app.route("/all")
def tuple_all() -> tuple[str, int, list[tuple[str, str]]]:
    return "hello", 200, [("X-Header", "value")]


@app.route("/response")
def response_object() -> WerkzeugResponse:
    return make_response("hello", 200)


@app.get("/explicit/<int:item_id>")
def explicit_request(request: Request, item_id: int) -> str:
    return f"{request.method} {item_id}"


@app.post("/async")
async def async_view() -> str:
    return "hello"


app.add_url_rule("/lazy", view_func="package.views:show")


@app.get("/export")
def streamed_text() -> Response:
    def rows() -> cabc.Iterator[str]:
        yield "a,b\n"

    stream: cabc.Iterator[str] = stream_with_context(rows())
    return Response(stream, mimetype="text/csv")


@app.get("/events")
def streamed_events() -> Response:
    async def ticks() -> cabc.AsyncIterator[ServerSentEvent]:
        yield ServerSentEvent(data={"tick": 1}, event="tick")

    return event_stream(stream_with_context(ticks()))
