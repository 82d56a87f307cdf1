"""``make scale-bench``: throughput of one application host with one gunicorn worker against
two, demijohn against Flask, on the set-up of ``make scale-test`` (nginx in its own network
namespace in front of the host, PostgreSQL and Redis on a third); wrk makes the load from the
balancer's namespace. Writes the figures to ``benchmarks/scale_results.json`` and renders
``docs/benchmarks.md`` again with them (a section of their own); the figures are only as good
as the machine is quiet, and every process of the set-up shares its cores: the load average
is recorded with them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

from benchmarks.harness import scaleout, venvs
from benchmarks.harness.cli import DOCUMENT, RESULTS
from benchmarks.harness.document import render
from tests.scale.run import APP_PORT, LB_PORT, ROOT, RUN_TIMEOUT, Cluster, _alarm

#: The length of each measurement, and of the warm-up before it.
SECONDS = 8
WARM_UP = 2
CONNECTIONS = 16

#: (case, framework, gunicorn's application, path).
CASES = [
    ("hello", "demijohn", "benchmarks.apps.demijohn_sync:create_hello()", "/"),
    ("hello", "flask", "benchmarks.apps.flask_apps:create_hello()", "/"),
    ("cookie session", "demijohn", "benchmarks.apps.demijohn_sync:create_session()", "/session"),
    ("cookie session", "flask", "benchmarks.apps.flask_apps:create_session()", "/session"),
    ("Redis session", "demijohn", "tests.scale.app:app", "/bench/visit"),
]


def _wrk(cluster: Cluster, path: str, seconds: int, cookie: str | None) -> float:
    url = f"http://{cluster.address('lb')}:{LB_PORT}{path}"
    header = ["-H", f"Cookie: session={cookie}"] if cookie else []
    done = subprocess.run(
        [
            "ip",
            "netns",
            "exec",
            cluster.namespace("lb"),
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            *header,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    )
    found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    if found is None or errors is not None:
        raise RuntimeError(f"wrk failed against {url}:\n{done.stdout}{done.stderr}")
    return float(found.group(1))


def _cookie(cluster: Cluster, path: str) -> str:
    probe = (
        "import http.client,sys\n"
        f"c=http.client.HTTPConnection('{cluster.address('lb')}',{LB_PORT},timeout=10)\n"
        f"c.request('GET','{path}');r=c.getresponse();r.read()\n"
        "print(r.headers['Set-Cookie'].split(';')[0].split('=',1)[1])\n"
    )
    done = subprocess.run(
        ["ip", "netns", "exec", cluster.namespace("lb"), sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return done.stdout.strip()


def measure(cluster: Cluster, python: Path, target: str, path: str, workers: int) -> float:
    bind = f"{cluster.address('app1')}:{APP_PORT}"
    cluster.start(
        "app1",
        "app1",
        [
            str(python),
            "-m",
            "gunicorn",
            "--no-control-socket",
            "-b",
            bind,
            "-w",
            str(workers),
            "-k",
            "sync",
            target,
        ],
    )
    try:
        cluster.wait_listening("app1", APP_PORT, "app1")
        cookie = _cookie(cluster, path) if "session" in path or "visit" in path else None
        _wrk(cluster, path, WARM_UP, cookie)
        return _wrk(cluster, path, SECONDS, cookie)
    finally:
        cluster.stop("app1")


def main() -> int:
    if os.geteuid() != 0:
        print("make scale-bench needs root, to make network namespaces.", file=sys.stderr)
        return 2
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(RUN_TIMEOUT * 2)
    pythons = {"demijohn": Path(sys.executable), "flask": venvs.ensure("flask")}
    folder = Path(tempfile.mkdtemp(prefix="demijohn-scale-bench-"))
    os.chmod(folder, 0o755)
    cluster = Cluster(folder)
    rows: list[dict[str, t.Any]] = []
    load_before = os.getloadavg()[0]
    try:
        cluster.make_network()
        cluster.start_data()
        cluster.make_tables()
        cluster.start_balancer(("app1",))
        for case, framework, target, path in CASES:
            one = measure(cluster, pythons[framework], target, path, 1)
            two = measure(cluster, pythons[framework], target, path, 2)
            rows.append({"case": case, "framework": framework, "one": one, "two": two})
            print(f"{case} {framework}: {one:,.0f} and {two:,.0f} requests/s", flush=True)
    finally:
        signal.alarm(0)
        cluster.close()
        shutil.rmtree(folder, ignore_errors=True)
    results = {
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "cores": os.cpu_count(),
        "connections": CONNECTIONS,
        "seconds": SECONDS,
        "warm_up": WARM_UP,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "rows": rows,
    }
    scaleout.RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    # The page again, from the last full run's figures and these.
    DOCUMENT.write_text(render(json.loads(RESULTS.read_text())))
    print(scaleout.section(results))
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
