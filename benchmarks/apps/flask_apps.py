"""The benchmark cases as Flask's documentation writes them: decorated view functions, a dict
returned for JSON, ``render_template`` and the cookie ``session``."""

from __future__ import annotations

from flask import Flask, render_template, request, session

from .data import FILLER_ROUTES, ROWS, SECRET_KEY


def create_hello():
    app = Flask(__name__)

    @app.route("/")
    def hello():
        return "Hello, World!"

    return app


def _filler(a, b):
    return {"a": a, "b": b}


def _create_routed():
    app = Flask(__name__)
    for i in range(FILLER_ROUTES):
        app.add_url_rule(f"/filler{i}/<int:a>/<b>", f"filler{i}", _filler)

    @app.route("/users/<int:user_id>/posts/<slug>")
    def post(user_id, slug):
        return {"user_id": user_id, "slug": slug}

    return app


def create_params():
    return _create_routed()


def create_not_found():
    return _create_routed()


def create_json():
    app = Flask(__name__)

    @app.post("/echo")
    def echo():
        return request.get_json()

    return app


def create_template():
    app = Flask(__name__)

    @app.route("/rows")
    def rows():
        return render_template("rows.html", title="Rows", rows=ROWS)

    return app


def create_session():
    app = Flask(__name__)
    app.secret_key = SECRET_KEY

    @app.route("/session")
    def visit():
        session["count"] = session.get("count", 0) + 1
        return {"count": session["count"]}

    return app


def _create_db():
    # Imported here: the other cases do not load SQLAlchemy.
    import tempfile
    from pathlib import Path

    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()

    class Product(db.Model):
        __tablename__ = "products"
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.String(80))

    app = Flask(__name__)
    folder = Path(tempfile.mkdtemp(prefix="flask-bench-"))
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder / 'shop.sqlite'}"
    db.init_app(app)
    with app.app_context():
        db.create_all()
        db.session.add(Product(id=1, name="jam"))
        db.session.commit()

    @app.get("/products/<int:id>")
    def read(id):
        product = db.get_or_404(Product, id)
        return {"id": product.id, "name": product.name}

    @app.post("/products")
    def insert():
        db.session.add(Product(name="tea"))
        db.session.commit()
        return "created", 201

    return app


def create_db_read():
    return _create_db()


def create_db_insert():
    return _create_db()
