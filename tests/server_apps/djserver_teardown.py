"""An application whose views build a ``stream_with_context`` body and then send it, raise,
return another response, or meet a failing after-request function; ``/teardowns`` tells how
many times each path's ``teardown_request`` and ``teardown_appcontext`` functions ran in this
worker.

Teardown of a stream that is not sent runs as the request ends, and that of a sent stream
after its last item, so both have run by the time the client has read the whole response.
"""

from __future__ import annotations

import collections
import threading
import typing as t

from demijohn import Demijohn, Response, g, request, stream_with_context

app = Demijohn(__name__)
_lock = threading.Lock()
#: Teardown runs by path: ``{"/sent": {"request": 1, "app": 1}}``.
_teardowns: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)


def _count(path: str | None, kind: str) -> None:
    if path is not None:
        with _lock:
            _teardowns[path][kind] += 1


def _rows() -> t.Iterator[str]:
    yield f"{request.path} row 1\n"
    yield f"{request.path} row 2\n"


@app.before_request
def remember_path() -> None:
    # teardown_appcontext runs after the request context has gone: it reads the path from g.
    g.path = request.path


@app.teardown_request
def count_request_teardown(exc: BaseException | None) -> None:
    _count(g.get("path"), "request")


@app.teardown_appcontext
def count_app_teardown(exc: BaseException | None) -> None:
    _count(g.get("path"), "app")


@app.get("/sent")
def sent() -> Response:
    return Response(stream_with_context(_rows()), mimetype="text/plain")


@app.get("/unsent/raise")
def view_raises() -> str:
    stream_with_context(_rows())
    raise LookupError("the view failed after building its stream")


@app.get("/unsent/other")
def other_response() -> str:
    stream_with_context(_rows())
    return "another response"


@app.get("/unsent/after-request")
def after_request_fails() -> Response:
    return Response(stream_with_context(_rows()), mimetype="text/plain")


@app.after_request
def fail_for_one_path(response: Response) -> Response:
    if request.path == "/unsent/after-request" and response.status_code == 200:
        raise LookupError("an after-request function failed")
    return response


@app.get("/teardowns")
def teardowns() -> dict[str, dict[str, int]]:
    with _lock:
        return {path: dict(counts) for path, counts in _teardowns.items() if path != "/teardowns"}
