"""The scripted user of the whole-system test, run inside the load balancer's network
namespace: ``python -m tests.scale.user http://10.x.y.10:8080``.

It uses the flagship shop as a browser without scripts would: it signs up with the form (its
CSRF token read from the page), sees the other host serve it next with the same session (kept
in Redis), fills its cart through the JSON API, places an order and waits until the order's
page says the Celery worker sent its confirmation, and reviews a product through the API. Then
it tells the orchestrator (a line ``STOP`` on stdout) to stop one application host, waits for
``STOPPED`` on stdin, and carries on through the other: still logged in, its orders and review
still there, a second order confirmed, and it logs out. nginx names the host that served each
response (``X-Upstream``: the last of the hosts it tried). Each order it saw confirmed is
printed as ``confirmed N``, for the orchestrator to find in the worker's log. Every wait has a
deadline; the exit status says whether all went as expected.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import sys
import time
import typing as t
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

#: How long one request, and the wait for a job's result, may take.
REQUEST_TIMEOUT = 10.0
JOB_DEADLINE = 60.0
#: What a form carries to pass the shop's CSRF check.
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
_CONFIRMED = "Confirmation sent."


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def json(self) -> t.Any:
        return json.loads(self.text)


class User:
    """A client with a cookie jar that sees every response's serving host."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.origin = base.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.served_by: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, str] | None = None,
        json_body: t.Any = None,
        expect: int = 200,
    ) -> Answer:
        headers = {"Accept": "text/html,application/json;q=0.9", "Origin": self.origin}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        # After a host stopped, nginx lists the one it tried first too: the last one served.
        self.served_by.append(response.headers.get("X-Upstream", "?").rsplit(",", 1)[-1].strip())
        if response.status != expect:
            raise AssertionError(f"{method} {path}: {response.status}, not {expect}: {text[:300]}")
        return Answer(response.status, response.headers, text)

    def submit(self, page: str, action: str, **fields: str) -> Answer:
        """Post a form of ``page`` to ``action`` as a browser would: with the page's token."""
        found = _CSRF_FIELD.search(self.request("GET", page).text)
        check(found is not None, f"no CSRF token on {page}")
        assert found is not None
        return self.request(
            "POST", action, form={"csrf_token": found.group(1), **fields}, expect=302
        )


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def logged_in_as(answer: Answer) -> str | None:
    found = re.search(r'<span class="username">([^<]+)</span>', answer.text)
    return found.group(1) if found else None


def place_order(user: User, products: dict[int, int]) -> int:
    """Fill the cart, order it, and wait until the worker has confirmed the order."""
    for product_id, quantity in products.items():
        user.request(
            "POST", "/api/cart", json_body={"product_id": product_id, "quantity": quantity}
        )
    cart = user.request("GET", "/api/cart").json()
    check(cart["count"] == sum(products.values()), f"cart lost items: {cart}")
    placed = user.submit("/orders/", "/orders/")
    location = urllib.parse.urlsplit(placed.headers["Location"]).path
    order_id = int(location.rstrip("/").rsplit("/", 1)[1])
    deadline = time.monotonic() + JOB_DEADLINE
    while time.monotonic() < deadline:
        if _CONFIRMED in user.request("GET", location).text:
            print(f"confirmed {order_id}", flush=True)
            return order_id
        time.sleep(0.2)
    raise AssertionError(f"order {order_id} was not confirmed within {JOB_DEADLINE} s")


def main(base: str) -> None:
    user = User(base)
    for _ in range(4):
        user.request("GET", "/")
    hosts = set(user.served_by)
    check(len(hosts) == 2, f"round-robin should reach both hosts, reached {hosts}")

    name = f"ada{os.getpid()}"
    password = "a long pass phrase for the scale test"
    user.submit(
        "/accounts/register",
        "/accounts/register",
        username=name,
        password=password,
        confirm=password,
    )
    signed_up_on = user.served_by[-1]
    after = [user.request("GET", "/") for _ in range(2)]
    check(all(logged_in_as(page) == name for page in after), "the session was lost")
    others = {h for h in user.served_by[-2:] if h != signed_up_on}
    check(bool(others), f"signed up on {signed_up_on}, never served by the other host")
    print(f"signed up on {signed_up_on}, then served by {others.pop()}", flush=True)

    first = place_order(user, {1: 2, 3: 1})
    review = {"stars": 5, "text": "Holds five litres, as it says."}
    user.request("POST", "/api/products/1/reviews", json_body=review, expect=201)

    print("STOP", flush=True)
    check(sys.stdin.readline().strip() == "STOPPED", "the orchestrator did not stop a host")
    served_from = len(user.served_by)
    for _ in range(3):
        check(logged_in_as(user.request("GET", "/")) == name, "the session was lost after the stop")
    check(user.request("GET", "/api/cart").json()["count"] == 0, "the ordered cart came back")
    second = place_order(user, {2: 3})
    orders = user.request("GET", "/orders/").text
    for order_id in (first, second):
        check(f'href="/orders/{order_id}"' in orders, f"order {order_id} lost after the stop")
    reviews = user.request("GET", "/api/products/1/reviews").json()
    check(review["text"] in [r["text"] for r in reviews], "the review was lost after the stop")
    remaining = set(user.served_by[served_from:])
    check(len(remaining) == 1, f"after the stop, served by {remaining}")

    user.submit("/", "/accounts/logout")
    check(logged_in_as(user.request("GET", "/")) is None, "still logged in after logging out")
    print(
        f"carried on through {remaining.pop()}; {len(user.served_by)} responses, none failed",
        flush=True,
    )


if __name__ == "__main__":
    main(sys.argv[1])
