"""The scripted user of the whole-system test, run inside the load balancer's network
namespace: ``python -m tests.scale.user http://10.x.y.10:8080``.

It logs in, checks that the other host serves it next with the same session, adds notes,
runs a job on the worker and waits for its result, then tells the orchestrator (a line
``STOP`` on stdout) to stop one application host, waits for ``STOPPED`` on stdin, and carries
on through the other host: nothing may be lost. Every wait has a deadline; the exit status
says whether all went as expected.
"""

from __future__ import annotations

import http.client
import json
import sys
import time
import typing as t
import urllib.parse
from http.cookies import SimpleCookie

#: How long one request, and the wait for a job's result, may take.
REQUEST_TIMEOUT = 10.0
JOB_DEADLINE = 60.0


class User:
    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.cookie: str | None = None
        self.served_by: list[str] = []

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> t.Any:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        headers = {}
        body = None
        if self.cookie:
            headers["Cookie"] = f"session={self.cookie}"
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                morsel = SimpleCookie(header).get("session")
                if morsel is not None:
                    self.cookie = morsel.value or None
            if response.status != 200:
                raise AssertionError(f"{method} {path}: {response.status} {data[:300]!r}")
            self.served_by.append(response.headers["X-Served-By"])
            return json.loads(data)
        finally:
            connection.close()


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def run_job(user: User, number: int) -> dict[str, t.Any]:
    job_id = user.request("POST", f"/jobs/{number}")["id"]
    deadline = time.monotonic() + JOB_DEADLINE
    while time.monotonic() < deadline:
        found: dict[str, t.Any] = user.request("GET", f"/jobs/{job_id}")
        if found["result"] is not None:
            check(found["result"] == sum(n * n for n in range(number + 1)), f"job {found}")
            return found
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} had no result within {JOB_DEADLINE} s")


def main(base: str) -> None:
    user = User(base)
    hosts = {user.request("GET", "/whoami")["host"] for _ in range(4)}
    check(len(hosts) == 2, f"round-robin should reach both hosts, reached {hosts}")
    login_host = user.request("POST", "/login/ada")["host"]
    after = [user.request("GET", "/whoami") for _ in range(2)]
    check(all(seen["user"] == "ada" for seen in after), f"session lost: {after}")
    others = [seen["host"] for seen in after if seen["host"] != login_host]
    check(bool(others), f"logged in on {login_host}, never served by the other host")
    check(["welcome, ada"] in [seen["flashes"] for seen in after], f"flash lost: {after}")
    print(f"logged in on {login_host}, then served by {others[0]}", flush=True)
    texts = [f"note {n}" for n in range(4)]
    for text in texts:
        user.request("POST", "/notes", {"text": text})
    check(user.request("GET", "/notes") == texts, "notes lost")
    job = run_job(user, 10)
    print(f"job ran on {job['ran_on']}", flush=True)

    print("STOP", flush=True)
    check(sys.stdin.readline().strip() == "STOPPED", "the orchestrator did not stop a host")
    served_from = len(user.served_by)
    for n in range(6):
        check(user.request("GET", "/whoami")["user"] == "ada", "session lost after the stop")
        user.request("POST", "/notes", {"text": f"after {n}"})
    texts += [f"after {n}" for n in range(6)]
    check(user.request("GET", "/notes") == texts, "notes lost after the stop")
    run_job(user, 20)
    remaining = set(user.served_by[served_from:])
    check(len(remaining) == 1, f"after the stop, served by {remaining}")
    user.request("POST", "/logout")
    check(user.request("GET", "/whoami")["user"] is None, "still logged in after logging out")
    print(f"carried on through {remaining.pop()}; {len(user.served_by)} responses, all 200")


if __name__ == "__main__":
    main(sys.argv[1])
