"""The pages browsers get: templates on the base layout, flashed messages and static files."""

from __future__ import annotations

from demijohn.production.testing import csrf_token
from demijohn.testing import DemijohnClient


def test_home_page_uses_the_layout(browser: DemijohnClient) -> None:
    response = browser.get("/")
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<title>Welcome · Demijohn Shop</title>" in page
    assert '<link rel="stylesheet" href="/static/shop.css">' in page
    for link in ('href="/"', 'href="/catalog/"', 'href="/orders/"', 'href="/accounts/login"'):
        assert link in page
    assert "<code>/healthz</code>" in page
    assert 'href="/api/docs"' in page


def test_the_same_url_answers_api_clients_with_json(client: DemijohnClient) -> None:
    response = client.get("/", headers={"Accept": "*/*"})
    assert response.mimetype == "application/json"
    assert response.json is not None
    assert response.json["products"] == "/catalog/"
    assert "Accept" in response.vary


def test_product_list_page(browser: DemijohnClient) -> None:
    page = browser.get("/catalog/").get_data(as_text=True)
    assert "<title>Products · Demijohn Shop</title>" in page
    assert page.index("Cork bung") < page.index("Airlock") < page.index("Demijohn, 5 l")
    assert '<a href="/catalog/3">Cork bung</a>' in page
    assert '<td class="price">€24.00</td>' in page


def test_product_page_shows_reviews_and_the_cart_button(browser: DemijohnClient) -> None:
    browser.post("/catalog/2/reviews/", json={"stars": 4, "text": "Bubbles nicely."})
    page = browser.get("/catalog/2").get_data(as_text=True)
    assert "<h1>Airlock</h1>" in page
    assert '<p class="price">€3.50</p>' in page
    assert "★★★★ Bubbles nicely." in page
    assert 'data-add-to-cart="/api/cart"' in page


def test_product_names_are_escaped(browser: DemijohnClient) -> None:
    location = browser.post("/catalog/", json={"name": "<b>Bung</b>", "price_cents": 5})
    page = browser.get(location.headers["Location"]).get_data(as_text=True)
    assert "<h1>&lt;b&gt;Bung&lt;/b&gt;</h1>" in page


def test_missing_product_page_is_404(browser: DemijohnClient) -> None:
    assert browser.get("/catalog/999").status_code == 404


def test_flashed_messages_show_once_with_their_category(browser: DemijohnClient) -> None:
    with browser.session_transaction() as session:
        session["_flashes"] = [("error", "Out of corks.")]
    assert '<li class="flash-error">Out of corks.</li>' in browser.get("/").get_data(as_text=True)
    assert "Out of corks." not in browser.get("/").get_data(as_text=True)


def test_static_files(client: DemijohnClient) -> None:
    # A file is sent as a stream: close the response, or read it all, to close the file.
    with client.get("/static/shop.css") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/css"
    with client.get("/static/shop.js") as response:
        # Which of the two depends on the system's table of types.
        assert response.mimetype in ("text/javascript", "application/javascript")
        assert b"data-add-to-cart" in response.data
    assert client.get("/static/missing.css").status_code == 404


def test_the_language_switch_remembers_the_choice(browser: DemijohnClient) -> None:
    page = browser.get("/catalog/").get_data(as_text=True)
    assert 'action="/language"' in page
    assert '<input type="hidden" name="next" value="/catalog/">' in page
    data = {"locale": "de", "next": "/catalog/", "csrf_token": csrf_token(browser)}
    response = browser.post("/language", data=data)
    assert response.location == "/catalog/"
    assert "locale=de" in response.headers["Set-Cookie"]
    page = browser.get("/catalog/").get_data(as_text=True)
    assert "<h1>Produkte</h1>" in page
    # The same price, written the German way.
    assert '<td class="price">24,00\xa0€</td>' in page
    assert (
        '<button type="submit" name="locale" value="de" lang="de"\n          aria-pressed="true">'
        in page
    )


def test_the_browsers_language_is_the_default(browser: DemijohnClient) -> None:
    page = browser.get("/", headers={"Accept-Language": "de-AT,de;q=0.9"}).get_data(as_text=True)
    assert "<h1>Willkommen</h1>" in page
    page = browser.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "<h1>Welcome</h1>" in page


def test_a_language_the_shop_does_not_speak_is_refused(browser: DemijohnClient) -> None:
    data = {"locale": "fr", "csrf_token": csrf_token(browser)}
    response = browser.post("/language", data=data)
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers or "locale=" not in response.headers["Set-Cookie"]


def test_the_language_switch_needs_the_csrf_token(browser: DemijohnClient) -> None:
    assert browser.post("/language", data={"locale": "de"}).status_code == 400


def test_the_review_form(browser: DemijohnClient) -> None:
    data = {"stars": "5", "text": "Bubbles well.", "csrf_token": csrf_token(browser)}
    response = browser.post("/catalog/2/review", data=data, follow_redirects=True)
    assert response.request.path == "/catalog/2"
    page = response.get_data(as_text=True)
    assert '<li class="flash-success">Thank you for your review!</li>' in page
    assert "★★★★★ Bubbles well." in page
    assert 'data-after="1"' in page
    bad = {"stars": "9", "text": "", "csrf_token": csrf_token(browser)}
    page = browser.post("/catalog/2/review", data=bad, follow_redirects=True).get_data(as_text=True)
    assert '<li class="flash-error">Give 1 to 5 stars and a few words.</li>' in page
    assert browser.post("/catalog/99/review", data=data).status_code == 404
