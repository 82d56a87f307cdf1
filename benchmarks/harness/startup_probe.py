"""Start a generated big application and answer its first request; print the time from the
moment the parent started this process, the CPU time this process used, and its peak memory.

``python startup_probe.py ROOT PACKAGE PATH STARTED_NS``: ``STARTED_NS`` is the parent's
``time.monotonic_ns()`` just before it started this process (the clock is system-wide).

Standard library only, and it imports as little as it can before the answer: it runs inside
every peer's environment, and what it imports is counted in the start-up.
"""

from __future__ import annotations

import sys
import time
import typing as t


def first_response(app: t.Callable[..., t.Iterable[bytes]], path: str) -> int:
    """Call the WSGI application ``app`` once with a GET of ``path``; return the status."""
    from io import BytesIO

    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    status: list[str] = []

    def start_response(value: str, headers: object, exc_info: object = None) -> None:
        status.append(value)

    body = app(environ, start_response)
    b"".join(body)
    getattr(body, "close", lambda: None)()
    return int(status[0][:3])


def main() -> int:
    root, package, path, started = sys.argv[1:5]
    sys.path.insert(0, root)
    from importlib import import_module

    app = import_module(package).create_app()
    status = first_response(app, path)
    elapsed = time.monotonic_ns() - int(started)

    import json
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "status": status,
        "milliseconds": elapsed / 1e6,
        "cpu_milliseconds": (usage.ru_utime + usage.ru_stime) * 1000,
        "peak_kib": usage.ru_maxrss,  # KiB on Linux
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
