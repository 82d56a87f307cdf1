"""The shop in Chromium, served by gunicorn (WSGI) and uvicorn (ASGI): what a visitor does,
step by step, with a screenshot of each in ``build/screenshots/<protocol>/``; a live update
arriving (over the WebSocket under ASGI, by polling under WSGI); and every main page at 375 px
wide, where nothing may overflow."""

from __future__ import annotations

import re
import time
import typing as t

from playwright.sync_api import Page, expect

from .conftest import Shop, Steps

NewPage = t.Callable[..., Page]

#: The pages a visitor uses, for the narrow pass: name and path.
MAIN_PAGES = [
    ("home", "/"),
    ("products", "/catalog/"),
    ("product", "/catalog/1"),
    ("login", "/accounts/login"),
    ("signup", "/accounts/register"),
    ("orders", "/orders/"),
    ("missing", "/no-such-page"),
]


def _console_errors(page: Page) -> list[str]:
    """The errors the page's console shows (a script failing, a policy blocking something),
    collected as they come."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _reload_until(page: Page, selector: str, text: str, deadline: float = 10.0) -> None:
    """Reload the page until ``selector`` shows ``text``: for what the server does after the
    response, which no event on the page announces (the background job)."""
    end = time.monotonic() + deadline
    while page.locator(selector).inner_text() != text and time.monotonic() < end:
        page.reload()
    expect(page.locator(selector)).to_have_text(text)


def _flash(page: Page, category: str) -> t.Any:
    return page.locator(f".flashes .flash-{category}")


def test_a_visitor_walks_through_the_shop(shop: Shop, new_page: NewPage) -> None:
    page = new_page()
    errors = _console_errors(page)
    steps = Steps(page, shop.screenshots)

    page.goto(f"{shop.url}/")
    expect(page.locator("h1")).to_have_text("Welcome")
    steps.shot("home")

    # Sign up, first with a password that is refused.
    page.locator("nav").get_by_role("link", name="Sign up", exact=True).click()
    page.get_by_label("User name").fill("ada")
    page.get_by_label("Password (8 characters or more)").fill("short")
    page.get_by_label("The password again").fill("short")
    page.get_by_role("button", name="Sign up").click()
    expect(_flash(page, "error")).to_contain_text("at least 8 characters")
    expect(page.get_by_label("User name")).to_have_value("ada")
    steps.shot("signup-refused")
    page.get_by_label("Password (8 characters or more)").fill("correct horse")
    page.get_by_label("The password again").fill("correct horse")
    page.get_by_role("button", name="Sign up").click()
    expect(_flash(page, "success")).to_have_text("Welcome, ada! Your account is ready.")
    expect(page.locator("nav .username")).to_have_text("ada")
    steps.shot("signed-up")

    # Log out, and in again: a wrong password first.
    page.get_by_role("button", name="Log out").click()
    expect(_flash(page, "info")).to_have_text("You are logged out.")
    page.locator("nav").get_by_role("link", name="Log in", exact=True).click()
    page.get_by_label("User name").fill("ada")
    page.get_by_label("Password").fill("wrong horse")
    page.get_by_role("button", name="Log in").click()
    expect(_flash(page, "error")).to_have_text("Wrong user name or password.")
    steps.shot("login-refused")
    page.get_by_label("User name").fill("ada")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    expect(_flash(page, "success")).to_have_text("Welcome, ada!")
    steps.shot("logged-in")

    # The products, one of them, into the cart.
    page.locator("nav").get_by_role("link", name="Products", exact=True).click()
    expect(page.locator("h1")).to_have_text("Products")
    expect(page.locator("tbody tr").first).to_contain_text("Cork bung")
    expect(page.locator("tbody tr").first).to_contain_text("€1.20")
    steps.shot("products")
    page.get_by_role("link", name="Airlock").click()
    expect(page.locator("p.price")).to_have_text("€3.50")
    # The button works once the page's script has run, before the load event.
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_role("button", name="Added")).to_be_visible()
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    steps.shot("added-to-cart")

    # A review, through the page's form.
    page.get_by_label("Stars").select_option("4")
    page.get_by_label("Your review").fill("Bubbles nicely.")
    page.get_by_role("button", name="Post the review").click()
    expect(_flash(page, "success")).to_have_text("Thank you for your review!")
    expect(page.locator(".reviews li")).to_have_text(["★★★★ Bubbles nicely."])
    steps.shot("reviewed")

    # The order, and its confirmation, sent by the background job.
    page.locator("nav").get_by_role("link", name=re.compile("^Orders")).click()
    expect(page.locator("h1")).to_have_text("Your orders")
    expect(page.locator("table")).to_contain_text("1 \u00d7 Airlock")
    steps.shot("orders")
    page.get_by_role("button", name="Place the order").click()
    expect(_flash(page, "success")).to_have_text(re.compile(r"Your order \d+ is placed\."))
    steps.shot("ordered")
    _reload_until(page, ".confirmation", "Confirmation sent.")
    page.get_by_role("link", name="All your orders").click()
    expect(page.locator("main ul li").first).to_contain_text("1 item, €3.50")

    # The language switch: the same pages in German, prices the German way.
    page.get_by_role("button", name="Deutsch").click()
    expect(page.locator("h1")).to_have_text("Ihre Bestellungen")
    page.locator("nav").get_by_role("link", name="Produkte", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("tbody tr").last).to_contain_text("24,00\xa0€")
    steps.shot("german")

    # A page that does not exist: the layout's 404, in the chosen language.
    response = page.goto(f"{shop.url}/no-such-page")
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Seite nicht gefunden")
    steps.shot("missing-page")
    # Back to English, on the same page.
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Page not found")

    # The API's docs page.
    page.locator("footer").get_by_role("link", name="API").click()
    expect(page.locator(".swagger-ui")).to_contain_text("Demijohn Shop")
    expect(page.get_by_text("/api/products/{product_id}/reviews").first).to_be_visible()
    steps.shot("api-docs")

    page.goto(f"{shop.url}/")
    page.get_by_role("button", name="Log out").click()
    expect(_flash(page, "info")).to_have_text("You are logged out.")
    expect(page.locator("nav").get_by_role("link", name="Log in")).to_be_visible()
    steps.shot("logged-out")
    assert _real_errors(errors, shop) == []


def _real_errors(errors: list[str], shop: Shop) -> list[str]:
    """The console's errors but for what a failed WebSocket handshake logs under WSGI, where
    the page falls back to polling on purpose, and the statuses of the pages the test asks to
    be refused (the missing page, the refused registration)."""
    expected = [
        "Failed to load resource: the server responded with a status of 404",
        "Failed to load resource: the server responded with a status of 422",
    ]
    if shop.protocol == "wsgi":
        expected.append("WebSocket connection to")
    return [error for error in errors if not any(e in error for e in expected)]


def test_a_forged_form_is_refused(shop: Shop, new_page: NewPage) -> None:
    page = new_page()
    steps = Steps(page, shop.screenshots, prefix="forged-")
    page.goto(f"{shop.url}/accounts/login")
    # What a form posted from another site amounts to: the right fields, not the session's
    # token.
    page.locator("main input[name=csrf_token]").evaluate("input => input.value = 'forged'")
    page.get_by_label("User name").fill("demo")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("The form was refused")
    expect(page.locator("main")).to_contain_text("not this session's")
    expect(page.locator("nav").get_by_role("link", name="Log in")).to_be_visible()  # not logged in
    steps.shot("refused")


def test_a_new_review_arrives_live(shop: Shop, new_page: NewPage) -> None:
    reader = new_page()
    errors = _console_errors(reader)
    steps = Steps(reader, shop.screenshots, prefix="live-")
    reader.goto(f"{shop.url}/catalog/3")
    reviews = reader.locator("[data-live-reviews]")
    transport = "websocket" if shop.protocol == "asgi" else "polling"
    expect(reviews).to_have_attribute("data-transport", transport)
    steps.shot("before")

    writer = new_page()
    writer.goto(f"{shop.url}/catalog/3")
    writer.get_by_label("Stars").select_option("5")
    writer.get_by_label("Your review").fill(f"Arrived by {transport}.")
    writer.get_by_role("button", name="Post the review").click()
    expect(_flash(writer, "success")).to_be_visible()

    # The reader's page was not reloaded: the review came to it.
    expect(reviews.locator("li.live")).to_have_text(f"★★★★★ Arrived by {transport}.")
    steps.shot("arrived")
    assert _real_errors(errors, shop) == []


def test_no_page_overflows_at_375_pixels(shop: Shop, new_page: NewPage) -> None:
    page = new_page(viewport={"width": 375, "height": 740})
    steps = Steps(page, shop.screenshots, prefix="narrow-")
    # Logged in, so that the nav shows the most it can: the user name and the log-out button.
    page.goto(f"{shop.url}/accounts/login")
    page.get_by_label("User name").fill("demo")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    expect(_flash(page, "success")).to_be_visible()
    for locale in ("English", "Deutsch"):
        page.get_by_role("button", name=locale).click()
        for name, path in MAIN_PAGES:
            page.goto(f"{shop.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{path} in {locale} is {width} px wide"
            # Each link of the nav sits on one line: the nav wraps between links only.
            lines = page.eval_on_selector_all(
                "nav a, nav button", "items => items.map(item => item.getClientRects().length)"
            )
            assert set(lines) == {1}, f"a link of the nav on {path} in {locale} wraps"
            steps.shot(f"{locale.lower()}-{name}")
