"""The benchmark cases for demijohn served over WSGI, written as for Flask (demijohn keeps its
API) with synchronous views."""

from __future__ import annotations

import typing as t

from demijohn import Demijohn, render_template, request, session

from .data import FILLER_ROUTES, ROWS, SECRET_KEY


def create_hello() -> Demijohn:
    app = Demijohn(__name__)

    @app.route("/")
    def hello() -> str:
        return "Hello, World!"

    return app


class Greeter:
    """The value the ``hello_di`` view is given: one per request."""

    text = "Hello, World!"


def create_hello_di() -> Demijohn:
    # Imported here: the other cases' processes, the guarded ones among them, do not load
    # the battery, whose modules would change their counts.
    from demijohn.providers import Providers

    app = Demijohn(__name__)
    providers = Providers(app)

    @providers.provide
    def greeter() -> t.Iterator[Greeter]:
        yield Greeter()

    @app.route("/")
    def hello(greeter: Greeter) -> str:
        return greeter.text

    return app


def _create_db() -> Demijohn:
    # Imported here, as for hello_di: the other cases do not load SQLAlchemy.
    from sqlalchemy.orm import Session

    from demijohn.db import Database

    from .db_models import Model, Product, database_url

    app = Demijohn(__name__)
    app.config["DATABASE_URL"] = database_url()
    db = Database(app, Model)
    db.create_all()
    with db.session() as session:
        session.add(Product(id=1, name="jam"))

    @app.get("/products/<int:id>")
    def read(id: int, session: Session) -> dict[str, t.Any]:
        product = session.get(Product, id)
        return {"id": product.id, "name": product.name}  # type: ignore[union-attr]

    @app.post("/products")
    def insert(session: Session) -> tuple[str, int]:
        session.add(Product(name="tea"))
        return "created", 201

    return app


def create_db_read() -> Demijohn:
    return _create_db()


def create_db_insert() -> Demijohn:
    return _create_db()


def _filler(a: int, b: str) -> dict[str, t.Any]:
    return {"a": a, "b": b}


def _create_routed() -> Demijohn:
    app = Demijohn(__name__)
    for i in range(FILLER_ROUTES):
        app.add_url_rule(f"/filler{i}/<int:a>/<b>", f"filler{i}", _filler)

    @app.route("/users/<int:user_id>/posts/<slug>")
    def post(user_id: int, slug: str) -> dict[str, t.Any]:
        return {"user_id": user_id, "slug": slug}

    return app


def create_params() -> Demijohn:
    return _create_routed()


def create_not_found() -> Demijohn:
    return _create_routed()


def create_json() -> Demijohn:
    app = Demijohn(__name__)

    @app.post("/echo")
    def echo() -> t.Any:
        return request.get_json()

    return app


def create_json_model() -> Demijohn:
    # Imported here: the other cases' processes do not load the battery nor pydantic.
    from .demijohn_validated import create_sync

    return create_sync()


def create_template() -> Demijohn:
    app = Demijohn(__name__)

    @app.route("/rows")
    def rows() -> str:
        return render_template("rows.html", title="Rows", rows=ROWS)

    return app


def create_session() -> Demijohn:
    app = Demijohn(__name__)
    app.secret_key = SECRET_KEY

    @app.route("/session")
    def visit() -> dict[str, t.Any]:
        session["count"] = session.get("count", 0) + 1
        return {"count": session["count"]}

    return app
