"""The wrk script and output reading of benchmarks/harness/httpload.py (no server is started)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.harness import cases, httpload
from benchmarks.harness.targets import get_target

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:40123
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    29.51ms    4.12ms  52.30ms   80.12%
    Req/Sec   850.12     60.31     1.01k    70.00%
  Latency Distribution
     50%   28.68ms
     75%   31.02ms
     90%   34.50ms
     99%  850.00us
  8479 requests in 5.00s, 1.21MB read
  Socket errors: connect 0, read 3, write 0, timeout 1
  Non-2xx or 3xx responses: 8479
Requests/sec:   1695.87
Transfer/sec:    247.43KB
"""


def test_parse_wrk_reads_rate_latency_and_errors() -> None:
    result = httpload.parse_wrk(WRK_OUTPUT)
    assert result == {
        "requests_per_second": 1695.87,
        "latency_p50_ms": 28.68,
        "latency_p99_ms": 0.85,
        "socket_errors": 4,
        "non_2xx": 8479,
    }


def test_wrk_script_sends_the_body_and_cookie() -> None:
    script = httpload.wrk_script(cases.REQUESTS["json"], "session=abc")
    assert "wrk.method = [==[POST]==]" in script
    assert 'wrk.headers["Content-Type"] = [==[application/json]==]' in script
    assert 'wrk.headers["Cookie"] = [==[session=abc]==]' in script
    assert '"field_0": "value 0"' in script


def test_servers_match_the_protocol() -> None:
    python = Path("python")
    wsgi = httpload.server_command(python, get_target("flask"), "hello", 8001)
    asgi = httpload.server_command(python, get_target("starlette"), "hello", 8002)
    assert wsgi[1:5] == ["-m", "gunicorn", "--workers", "1"]
    assert wsgi[-1] == "benchmarks.apps.flask_apps:create_hello()"
    assert asgi[1:5] == [
        "-m",
        "uvicorn",
        "--factory",
        "benchmarks.apps.starlette_apps:create_hello",
    ]
