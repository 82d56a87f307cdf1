"""The code blocks of README.md and the user documentation run as a reader would run them.

Each fenced ``python`` block is written into an empty folder and run there as a script,
``python -W error <file>``, in a fresh interpreter: what a reader does who copies the block into
a file. Nothing of the test suite (its ``sys.path``, fixtures or imported modules) is there to
make a block pass that would fail for them. Most blocks check what they show with the test
client and ``assert``, so running one tests it; the page may name such a block on its first
line, ``# example: <name>``. The other files a page shows, as blocks whose first line names
their path (``<!-- templates/base.html -->``), are written next to each of its Python blocks,
as a reader would save them next to theirs.

A block must exit cleanly before a timeout. No block serves: pages show serving as a command
(``demijohn --app hello run``), and one that started a server when run would hang until the
timeout and fail, which is what a reader would see too.

Running is not all a reader relies on. A view named by import string is imported on its first
request, so after the block has run, the runner imports the lazy views of every application it
defined (``check_views``), unless the block calls ``check_views`` itself to show what it
reports. And a function body that names something the block never defines runs fine until it
is called, so every block is also checked for undefined names (ruff's F821).

The tutorial shows the example shop's own files, included when the site is built
(``--8<-- "examples/shop/urls.py"``, pymdownx.snippets): such a block is not run here, since
the file is the shop's code, which its own tests run (``examples/shop/tests``); the included
files must exist, and every other Python block is run.

A block that is a piece of something larger on purpose (one method of a class, one file of a
package whose other files the page does not show) is marked as a fragment by an HTML comment
on the line before its fence, ``<!-- fragment: why -->``; it is not run. Fragments must stay the
exception, and the README has none.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]

#: A fenced ``python`` block, with the comment on the line before it if it marks a fragment.
_BLOCK = re.compile(
    r"^(?:<!-- fragment: (?P<why>[^\n]+?) -->\n)?```python\n(?P<code>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
#: A file shown on a page: a block of another language whose first line names its path.
_FILE = re.compile(
    r"^```[a-z]*\n<!-- (?P<path>[\w-]+(?:/[\w-]+)*\.[a-z]+) -->\n(?P<content>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
#: Any fenced block: its info string (``python title="app.py"``) and its body.
_FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
#: A file included by pymdownx.snippets, alone on its line: ``--8<-- "examples/shop/urls.py"``.
_SNIPPET = re.compile(r'^--8<-- "(?P<path>[^"]+)"$', re.MULTILINE)
#: At most this share of the blocks may be fragments.
FRAGMENT_SHARE = 0.2
#: A block is stopped (and fails) if it runs longer than this: it is a guard against a block
#: that waits forever, not a measure of speed.
TIMEOUT = 60

#: Runs the block as ``python <file>`` would: ``runpy`` gives it the name ``__main__``, its
#: path in ``__file__`` and ``sys.argv == [path]``. Then, if told ``check-views``, every
#: application it defined imports its lazy views; the exit status says whether all did.
_RUNNER = """\
import runpy, sys
from demijohn import Demijohn
path, then = sys.argv[1:]
del sys.argv[1:]
namespace = runpy.run_path(path, run_name="__main__")
apps = [value for value in namespace.values() if isinstance(value, Demijohn)]
if then == "check-views":
    sys.exit("\\n".join(str(failure) for app in apps for failure in app.check_views()) or None)
"""


@dataclass(frozen=True)
class Block:
    page: pathlib.Path
    line: int  # of the first line of code, counted from 1
    code: str
    fragment: str | None  # why the block is a fragment, or None
    files: tuple[tuple[str, str], ...] = ()  # the page's other files: (path, content)

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    def write(self, folder: pathlib.Path) -> pathlib.Path:
        """Write the block to a file in ``folder``, padded with blank lines so that a
        traceback's line numbers are those of the page."""
        # Named after the page, never after what the block shows: a file called
        # ``websockets.py`` would shadow the package of that name.
        path = folder / f"{self.page.stem.replace('-', '_')}_{self.line}.py"
        path.write_text("\n" * (self.line - 1) + self.code, encoding="utf-8")
        for name, content in self.files:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(content, encoding="utf-8")
        return path


def collect_blocks() -> list[Block]:
    blocks = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        files = tuple((match["path"], match["content"]) for match in _FILE.finditer(text))
        for match in _BLOCK.finditer(text):
            if _is_included(match["code"]):
                continue  # the example's own file, run by its own tests
            line = text.count("\n", 0, match.start("code")) + 1
            blocks.append(Block(page, line, match["code"], match["why"], files))
    return blocks


def _is_included(body: str) -> bool:
    """Whether a block's body only includes files (pymdownx.snippets)."""
    lines = [line for line in body.splitlines() if line.strip()]
    return bool(lines) and all(_SNIPPET.fullmatch(line) for line in lines)


BLOCKS = collect_blocks()
RUNNABLE = [block for block in BLOCKS if block.fragment is None]


@pytest.mark.parametrize("block", RUNNABLE, ids=[block.id for block in RUNNABLE])
def test_block_runs_as_a_file(block: Block, tmp_path: pathlib.Path) -> None:
    path = block.write(tmp_path)
    then = "stop" if ".check_views()" in block.code else "check-views"
    try:
        done = subprocess.run(
            [sys.executable, "-W", "error", "-c", _RUNNER, path.name, then],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{block.id} was still running after {TIMEOUT} s; does it serve?")
    assert done.returncode == 0, f"{block.id} failed:\n{done.stdout}{done.stderr}"


def test_blocks_define_every_name_they_use(tmp_path: pathlib.Path) -> None:
    files = {block.write(tmp_path).name: block for block in RUNNABLE}
    ruff = [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--quiet"]
    done = subprocess.run(
        [*ruff, "--select", "F821", "--output-format", "concise", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    # ``name.py:12:5: F821 Undefined name `x```: the line is the page's (see Block.write).
    undefined = [
        f"{files[name].page.relative_to(ROOT)}:{rest}"
        for name, _, rest in (line.partition(":") for line in done.stdout.splitlines())
        if name in files
    ]
    assert not undefined, "\n".join(undefined)
    assert done.returncode == 0, done.stderr


def test_every_python_block_runs_or_includes_the_example() -> None:
    """A Python block with anything after ``python`` in its fence (a title) escapes the
    runner, so it may only include the example's files, which their tests run."""
    escaping = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            language = match["info"].split(" ", 1)[0]
            if (
                language == "python"
                and match["info"] != "python"
                and not _is_included(match["body"])
            ):
                line = text.count("\n", 0, match.start()) + 1
                escaping.append(f"{page.relative_to(ROOT)}:{line}")
    assert not escaping, f"blocks neither run nor included: {escaping}"


def test_included_files_are_the_examples_and_exist() -> None:
    included = [
        (page, match["path"])
        for page in PAGES
        for fence in _FENCE.finditer(page.read_text(encoding="utf-8"))
        for match in _SNIPPET.finditer(fence["body"])
    ]
    assert included, "the tutorial includes the example's files"
    for page, path in included:
        assert path.startswith("examples/shop/"), f"{page.name} includes {path}"
        assert (ROOT / path).is_file(), f"{page.name} includes {path}, which is not there"


def test_files_shown_on_a_page_are_named_once() -> None:
    for page in PAGES:
        names = [match["path"] for match in _FILE.finditer(page.read_text(encoding="utf-8"))]
        assert len(names) == len(set(names)), f"{page.name} shows two files of one name"


def test_fragments_are_the_exception() -> None:
    fragments = [block.id for block in BLOCKS if block.fragment is not None]
    assert len(fragments) <= FRAGMENT_SHARE * len(BLOCKS), f"too many fragments: {fragments}"
    assert not [fragment for fragment in fragments if fragment.startswith("README")]


def test_every_fragment_marker_is_on_a_python_block() -> None:
    """A marker separated from its block, or on another language, would mark nothing."""
    markers = sum(page.read_text(encoding="utf-8").count("<!-- fragment") for page in PAGES)
    assert markers == sum(block.fragment is not None for block in BLOCKS)


def test_examples_are_found_and_named_uniquely() -> None:
    names = [
        block.code.partition("\n")[0].removeprefix("# example: ")
        for block in BLOCKS
        if block.code.startswith("# example: ")
    ]
    assert len(names) == len(set(names)), "two examples share a name"
    pages = {block.page.name for block in RUNNABLE}
    assert pages >= {
        "README.md",
        "quickstart.md",
        "large-apps.md",
        "async-and-asgi.md",
        "views.md",
        "templates-sessions-json.md",
        "cli.md",
        "providers.md",
        "production.md",
        "db.md",
    }


def test_index_links_every_page() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([a-z0-9-]+\.md)(?:#[a-z0-9-]+)?\)", index))
    pages = {path.name for path in DOCS.glob("*.md")} - {"index.md"}
    assert pages <= linked, f"index.md does not link {sorted(pages - linked)}"


def test_relative_links_point_at_files_and_headings() -> None:
    """A link to another page, or to a heading in one, must resolve."""
    broken = []
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        for target, anchor in re.findall(r"\]\(([^)#:\s]*\.md|)(?:#([^)\s]+))?\)", text):
            if not target and not anchor:
                continue
            page = path.parent / target if target else path
            if not page.exists():
                broken.append(f"{path.name}: {target}")
            elif anchor and anchor not in _anchors(page.read_text(encoding="utf-8")):
                broken.append(f"{path.name}: {target}#{anchor}")
    assert broken == []


def test_external_links_are_well_formed() -> None:
    """External links are not fetched (the site is built offline); each must at least be an
    absolute http(s) URL with a host."""
    wrong = []
    for path in PAGES:
        text = re.sub(r"^```.*?^```$", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
        for linked, bare in re.findall(
            r"\]\(([a-z][a-z0-9+.-]*:[^)\s]*)\)|<(\w+://[^>\s]+)>", text
        ):
            url = linked or bare
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                wrong.append(f"{path.relative_to(ROOT)}: {url}")
    assert wrong == []


def _anchors(text: str) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation removed, spaces
    turned into hyphens. Code blocks are skipped, where ``#`` starts comments."""
    text = re.sub(r"^```.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors
