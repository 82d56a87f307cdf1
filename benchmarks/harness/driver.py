"""Serve one case of one target in a loop, inside the target's own interpreter, and print what
was measured as one JSON object.

``python benchmarks/harness/driver.py MODE TARGET CASE [options]``, where MODE is

- ``check``: answer once and check the answer;
- ``time``: time a loop of requests and print microseconds per request;
- ``callgrind``: under callgrind, count two loops of ``N1`` and ``N2`` requests (see
  :mod:`benchmarks.harness.valgrind`), for each of one or more cases given as
  ``CASE:N1:N2``, one after the other in the same process, so that the slow start-up under
  valgrind is paid once per target;
- ``profile``: run a loop under :mod:`cProfile` and write the statistics to a file.

Every mode first checks one answer, so a target that answers wrongly is never measured. A WSGI
target is called as ``app(environ, start_response)`` with a copy of one prebuilt environ; an
ASGI target as ``await app(scope, receive, send)`` with a copy of one prebuilt scope, on one
event loop, after the lifespan start-up.

Standard library only: this runs inside every peer's environment.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import io
import json
import sys
import time
import typing as t
from pathlib import Path

if __name__ == "__main__":
    # Run as a script: import the repository's packages, not this directory's modules.
    sys.path[0] = str(Path(__file__).resolve().parents[2])

from benchmarks.harness import cases, targets, valgrind

WARMUP = 200
CALIBRATION = 100


class Runner(t.Protocol):
    def call(self) -> cases.Answer: ...

    def run(self, count: int) -> None: ...

    def set_cookie(self, cookie: str) -> None: ...

    def close(self) -> None: ...


def _no_write(data: bytes) -> None:
    raise RuntimeError("The benchmark applications return their bodies; 'write' is not used.")


class WSGIRunner:
    """Call a WSGI application with a copy of one prebuilt environ."""

    def __init__(self, app: t.Callable[..., t.Iterable[bytes]], request: cases.CaseRequest):
        self.app = app
        self.request = request
        self.environ = cases.wsgi_environ(request)

    def set_cookie(self, cookie: str) -> None:
        self.environ = cases.wsgi_environ(self.request, cookie)

    def _call(self) -> tuple[list[t.Any], bytes]:
        environ = self.environ.copy()
        environ["wsgi.input"] = io.BytesIO(self.request.body)
        started: list[t.Any] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
        ) -> t.Callable[[bytes], None]:
            started[:] = [status, headers]
            return _no_write

        chunks = self.app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        return started, body

    def call(self) -> cases.Answer:
        (status, headers), body = self._call()
        pairs = [(name.lower(), value) for name, value in headers]
        return cases.Answer(int(status[:3]), pairs, body)

    def run(self, count: int) -> None:
        call = self._call
        for _ in range(count):
            call()

    def close(self) -> None:
        pass


class _Lifespan:
    """The server's side of the ASGI lifespan protocol, as uvicorn's ``--lifespan auto``: an
    application that fails before answering the start-up does not speak it, and is served
    without."""

    def __init__(self, app: t.Callable[..., t.Awaitable[None]], state: dict[str, t.Any]):
        self.app = app
        self.state = state
        self.inbox: asyncio.Queue[dict[str, t.Any]] = asyncio.Queue()
        self.task: asyncio.Future[None] | None = None
        self.spoken = True
        self.reply: asyncio.Future[str] | None = None

    async def _send(self, message: dict[str, t.Any]) -> None:
        if self.reply is not None and not self.reply.done():
            self.reply.set_result(message["type"])

    async def run(self, phase: str) -> None:
        """Send ``lifespan.<phase>`` and wait for the application's answer."""
        if not self.spoken:
            return
        loop = asyncio.get_running_loop()
        if self.task is None:
            scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": self.state}
            self.task = asyncio.ensure_future(self.app(scope, self.inbox.get, self._send))
        reply = self.reply = loop.create_future()
        await self.inbox.put({"type": f"lifespan.{phase}"})
        await asyncio.wait((reply, self.task), return_when=asyncio.FIRST_COMPLETED)
        if not reply.done():
            self.spoken = False
        elif reply.result() != f"lifespan.{phase}.complete":
            raise RuntimeError(f"The application's lifespan {phase} failed: {reply.result()}.")


class ASGIRunner:
    """Await an ASGI application with a copy of one prebuilt scope, on one event loop, after
    the lifespan start-up."""

    def __init__(self, app: t.Callable[..., t.Awaitable[None]], request: cases.CaseRequest):
        self.app = app
        self.request = request
        self.scope = cases.asgi_scope(request)
        self.state: dict[str, t.Any] = {}
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self._never = asyncio.Event()
        self._lifespan = _Lifespan(app, self.state)
        self.loop.run_until_complete(self._lifespan.run("startup"))

    def set_cookie(self, cookie: str) -> None:
        self.scope = cases.asgi_scope(self.request, cookie)

    async def _acall(self) -> list[dict[str, t.Any]]:
        message: dict[str, t.Any] | None = {
            "type": "http.request",
            "body": self.request.body,
            "more_body": False,
        }
        never = self._never

        async def receive() -> dict[str, t.Any]:
            nonlocal message
            if message is not None:
                sent, message = message, None
                return sent
            # As a server does: after the body, wait until the client goes away.
            await never.wait()
            return {"type": "http.disconnect"}

        sent: list[dict[str, t.Any]] = []

        async def send(message: dict[str, t.Any]) -> None:
            sent.append(message)

        scope = self.scope.copy()
        scope["state"] = self.state.copy()
        await self.app(scope, receive, send)
        return sent

    def call(self) -> cases.Answer:
        messages = self.loop.run_until_complete(self._acall())
        start = next(m for m in messages if m["type"] == "http.response.start")
        headers = [
            (name.decode("latin-1").lower(), value.decode("latin-1"))
            for name, value in start.get("headers", ())
        ]
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        return cases.Answer(start["status"], headers, body)

    async def _arun(self, count: int) -> None:
        call = self._acall
        for _ in range(count):
            await call()

    def run(self, count: int) -> None:
        self.loop.run_until_complete(self._arun(count))

    def close(self) -> None:
        self.loop.run_until_complete(self._lifespan.run("shutdown"))
        self.loop.close()
        asyncio.set_event_loop(None)


class WrongAnswer(Exception):
    """The target answered the case wrongly."""


def make_runner(target_name: str, case: str) -> Runner:
    """Build the application of ``case`` for ``target_name``, check its answer, and return a
    runner that repeats the request."""
    target = targets.get_target(target_name)
    module = importlib.import_module(target.module)
    app = getattr(module, f"create_{case}")()
    request = cases.REQUESTS[case]
    runner: Runner = (
        WSGIRunner(app, request) if target.protocol == "wsgi" else ASGIRunner(app, request)
    )
    if request.needs_cookie:
        runner.set_cookie(cases.cookie_header(runner.call()))
    problem = cases.check_answer(case, runner.call())
    if problem is not None:
        raise WrongAnswer(f"{target_name} answered {case} wrongly: {problem}")
    return runner


def measure_time(runner: Runner, seconds: float) -> dict[str, t.Any]:
    """Warm up, size a loop to last about ``seconds``, and time it: the process's CPU time
    (which leaves out the time the machine gives other processes) and the wall time."""
    runner.run(WARMUP)
    start = time.perf_counter()
    runner.run(CALIBRATION)
    each = (time.perf_counter() - start) / CALIBRATION
    count = max(CALIBRATION, min(1_000_000, int(seconds / each)))
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    runner.run(count)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "microseconds": cpu / count * 1e6,
        "wall_microseconds": wall / count * 1e6,
        "requests": count,
    }


def parse_case_counts(token: str) -> tuple[str, tuple[int, int]]:
    """``"hello:50:300"`` as ``("hello", (50, 300))``."""
    case, n1, n2 = token.split(":")
    if case not in targets.CASES:
        raise ValueError(f"{case!r} is not a case; the cases are {', '.join(targets.CASES)}.")
    return case, (int(n1), int(n2))


def measure_callgrind(target: str, tokens: t.Sequence[str], warmup: int) -> dict[str, t.Any]:
    """For each ``CASE:N1:N2`` in ``tokens``: build and check the case's application, warm it
    up uninstrumented, then count ``N1`` and ``N2`` requests in two callgrind dumps.

    A case whose answer is wrong is reported and skipped; ``counted`` lists the cases whose
    two dumps were written, in order.
    """
    client = valgrind.ClientRequests()
    if not client.on_valgrind():
        raise RuntimeError("The callgrind mode must run under valgrind --tool=callgrind.")
    counted: list[list[t.Any]] = []
    failed: dict[str, str] = {}
    for case, (n1, n2) in map(parse_case_counts, tokens):
        try:
            _count_case(client, make_runner(target, case), warmup, (n1, n2))
        except WrongAnswer as e:
            failed[case] = str(e)
            continue
        # The next case starts without this one's application.
        gc.collect()
        counted.append([case, n1, n2])
    return {"counted": counted, "failed": failed}


def _count_case(
    client: valgrind.ClientRequests, runner: Runner, warmup: int, counts: tuple[int, int]
) -> None:
    runner.run(warmup)
    gc.collect()
    client.start_instrumentation()
    client.zero_stats()
    runner.run(counts[0])
    client.dump_stats()
    runner.run(counts[1])
    client.dump_stats()
    client.stop_instrumentation()
    runner.close()


def measure_profile(runner: Runner, count: int, output: str) -> dict[str, t.Any]:
    """Run ``count`` requests under :mod:`cProfile`; write the statistics to ``output``."""
    import cProfile

    runner.run(WARMUP)
    profiler = cProfile.Profile()
    profiler.runcall(runner.run, count)
    profiler.dump_stats(output)
    return {"requests": count, "stats": output}


def parse_arguments(argv: t.Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("mode", choices=("check", "time", "callgrind", "profile"))
    parser.add_argument("target")
    parser.add_argument("case", help="a case; for callgrind, one or more CASE:N1:N2")
    parser.add_argument("more", nargs="*", help="callgrind: more CASE:N1:N2")
    parser.add_argument("--seconds", type=float, default=0.3, help="time mode: loop length")
    parser.add_argument("--warmup", type=int, default=WARMUP, help="callgrind mode")
    parser.add_argument("--requests", type=int, default=5000, help="profile mode")
    parser.add_argument("--output", default="profile.pstats", help="profile mode")
    return parser.parse_args(argv)


def main(argv: t.Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    result: dict[str, t.Any] = {"target": arguments.target}
    if arguments.mode == "callgrind":
        tokens = [arguments.case, *arguments.more]
        result.update(measure_callgrind(arguments.target, tokens, arguments.warmup))
        print(json.dumps(result))
        return 0
    try:
        runner = make_runner(arguments.target, arguments.case)
    except WrongAnswer as e:
        print(e, file=sys.stderr)
        return 3
    result["case"] = arguments.case
    if arguments.mode == "time":
        result.update(measure_time(runner, arguments.seconds))
    elif arguments.mode == "profile":
        result.update(measure_profile(runner, arguments.requests, arguments.output))
    runner.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
