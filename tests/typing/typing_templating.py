"""Typed uses of templates, template registration and flashing; checked by mypy, not run."""

from __future__ import annotations

import typing as t

from demijohn import (
    Blueprint,
    Demijohn,
    flash,
    get_flashed_messages,
    get_template_attribute,
    render_template,
    render_template_string,
    stream_template,
    stream_template_string,
)

app = Demijohn(__name__)
bp = Blueprint("bp", __name__)


@app.template_filter
def shout(value: str) -> str:
    return value.upper()


@app.template_filter("rev")
def backwards(value: str) -> str:
    return value[::-1]


@app.template_test()
def even(value: int) -> bool:
    return value % 2 == 0


@app.template_global("answer")
def get_answer() -> int:
    return 42


@bp.app_template_filter
def bp_shout(value: str) -> str:
    return value.upper()


@bp.app_template_test("small")
def small(value: int) -> bool:
    return value < 10


@bp.app_template_global()
def site() -> str:
    return "shop"


app.add_template_filter(len, "length")
bp.add_app_template_global(site, name="site_name")

# The decorators keep the function's type.
upper: str = shout("x")
is_even: bool = even(2)
answer: int = get_answer()


@app.route("/")
def index() -> str:
    flash("saved", "info")
    messages: list[str] | list[tuple[str, str]] = get_flashed_messages(category_filter=["info"])
    macro: t.Any = get_template_attribute("macros.html", "greet")
    return render_template("index.html", messages=messages, macro=macro) + render_template_string(
        "{{ x }}", x=1
    )


@app.route("/stream")
def stream() -> t.Iterator[str]:
    yield from stream_template("index.html")
    yield from stream_template_string("{{ y }}", y=2)


@app.context_processor
def extra() -> dict[str, t.Any]:
    return {"year": 2024}
