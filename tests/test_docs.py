"""The complete examples in the user documentation run.

A fenced ``python`` block in ``docs/*.md`` whose first line is ``# example: <name>`` is a
complete example: it runs on its own, without a server, and checks what it shows with the test
client and ``assert``. Each runs here as the body of a fresh module named after it, so the
documentation cannot drift from the code. Other blocks (fragments, shell sessions) are left
alone.
"""

from __future__ import annotations

import collections.abc as cabc
import os
import pathlib
import re
import sys
import types
import typing as t
from dataclasses import dataclass

import pytest

DOCS = pathlib.Path(__file__).parent.parent / "docs"

#: A fenced Python block, its first line naming the example.
_EXAMPLE = re.compile(
    r"^```python\n# example: (?P<name>[a-z0-9][a-z0-9-]*)\n(?P<code>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Example:
    path: pathlib.Path
    name: str
    code: str
    line: int

    @property
    def module_name(self) -> str:
        return f"docs_example_{self.name.replace('-', '_')}"


def collect_examples() -> list[Example]:
    examples = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for match in _EXAMPLE.finditer(text):
            # Line numbers count from the ``# example:`` line, so tracebacks point into the page.
            line = text.count("\n", 0, match.start("name")) + 1
            examples.append(Example(path, match["name"], match["code"], line))
    return examples


EXAMPLES = collect_examples()


@pytest.fixture
def restored_environment() -> cabc.Iterator[None]:
    """Examples may set environment variables to show configuration; undo that."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def run_example(example: Example) -> dict[str, t.Any]:
    """Run the example as a module, registered in ``sys.modules`` while it runs so that
    dataclasses, pickling and type hints resolve as they would in a real module."""
    module = types.ModuleType(example.module_name)
    module.__dict__["__builtins__"] = __builtins__
    # Pad with blank lines so the compiled code's line numbers are those of the page.
    source = "\n" * example.line + example.code
    code = compile(source, str(example.path), "exec")
    sys.modules[module.__name__] = module
    try:
        exec(code, module.__dict__)
    finally:
        del sys.modules[module.__name__]
    return module.__dict__


@pytest.mark.usefixtures("restored_environment")
@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.path.stem}:{e.name}" for e in EXAMPLES])
def test_example_runs(example: Example) -> None:
    run_example(example)


def test_examples_are_found_and_named_uniquely() -> None:
    names = [example.name for example in EXAMPLES]
    assert len(names) == len(set(names)), "two examples share a name"
    pages = {example.path.name for example in EXAMPLES}
    assert pages >= {
        "quickstart.md",
        "large-apps.md",
        "async-and-asgi.md",
        "views.md",
        "templates-sessions-json.md",
        "cli.md",
    }


def test_index_links_every_page() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([a-z0-9-]+\.md)(?:#[a-z0-9-]+)?\)", index))
    pages = {path.name for path in DOCS.glob("*.md")} - {"index.md"}
    assert pages <= linked, f"index.md does not link {sorted(pages - linked)}"


def test_relative_links_point_at_files_and_headings() -> None:
    """A link to another page, or to a heading in one, must resolve."""
    broken = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for target, anchor in re.findall(r"\]\(([^)#:\s]*\.md|)(?:#([^)\s]+))?\)", text):
            if not target and not anchor:
                continue
            page = DOCS / target if target else path
            if not page.exists():
                broken.append(f"{path.name}: {target}")
            elif anchor and anchor not in _anchors(page.read_text(encoding="utf-8")):
                broken.append(f"{path.name}: {target}#{anchor}")
    assert broken == []


def _anchors(text: str) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation removed, spaces
    turned into hyphens. Code blocks are skipped, where ``#`` starts comments."""
    text = re.sub(r"^```.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors
