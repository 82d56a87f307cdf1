"""A griffe extension for the API reference: the reST that demijohn's docstrings use, as
Markdown that mkdocstrings renders.

griffe's Sphinx parser reads the ``:param:``, ``:returns:`` and ``:raises:`` fields; the rest
of a docstring is rendered as Markdown. Three reST forms would show as raw text there, so they
are rewritten before parsing:

- roles (``:class:`Blueprint```, ``:meth:`~Demijohn.route```) become code, linked to the
  object's entry in the reference when it has one (an optional cross-reference: a name the
  reference does not document, such as one of Werkzeug's, stays plain code);
- version directives (``.. versionadded:: 0.1``) become a line in italics;
- literal blocks (a paragraph ending in ``::``, or ``.. code-block:: python``, then an
  indented block) become fenced Python blocks.

And the fields move to the end: in reST a field list ends at the first paragraph that is not
indented under it, but griffe's parser reads everything after a field as part of it, so a
paragraph written after the ``:param:`` lines would show inside the last parameter's row.

Loaded by mkdocs.yml (``extensions: [docs/griffe_rest.py]``); it runs in the site's own
environment, never in the test suite's.
"""

from __future__ import annotations

import html
import re
import typing as t

import griffe

#: ``:role:`target```, ``:role:`~target``` or ``:role:`text <target>```.
_ROLE = re.compile(r":(?:py:)?(?P<role>[a-z]+):`(?P<body>[^`]+)`")
_VERSION = re.compile(
    r"^(?P<indent>\s*)\.\. (?P<kind>versionadded|versionchanged|deprecated):: ?(?P<version>\S*)"
    r"(?P<text>.*)$"
)
_WORDS = {"versionadded": "Added in", "versionchanged": "Changed in", "deprecated": "Deprecated in"}
_CODE_BLOCK = re.compile(r"^\s*\.\. code-block::\s*(?P<language>\w*)\s*$")
_FIELD = re.compile(
    r"^:(?:param|parameter|arg|argument|key|keyword|type|raises?|except|exception|var|ivar"
    r"|cvar|vartype|returns?|rtype|yields?|ytype)\b"
)


def _fields_last(lines: list[str]) -> list[str]:
    """Move the field list (each field with its indented lines) after the prose."""
    body: list[str] = []
    fields: list[str] = []
    i = 0
    while i < len(lines):
        if not _FIELD.match(lines[i]):
            body.append(lines[i])
            i += 1
            continue
        fields.append(lines[i])
        i += 1
        while i < len(lines) and (
            lines[i][:1].isspace()
            or (not lines[i].strip() and i + 1 < len(lines) and lines[i + 1][:1].isspace())
        ):
            fields.append(lines[i])
            i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
    while body and not body[-1].strip():
        body.pop()
    return [*body, "", *fields] if fields else body


def _reference(obj: griffe.Object, target: str) -> str | None:
    """The full path of ``target`` as seen from ``obj``, or None when it is not demijohn's."""
    names = [target, target.rsplit(".", 1)[0]] if "." in target else [target]
    for scope in (obj, *_parents(obj)):
        for name in names:
            try:
                path = scope.resolve(name)
            except (griffe.NameResolutionError, ValueError):
                continue
            if path.startswith("demijohn"):
                return path if name == target else f"{path}.{target.rsplit('.', 1)[1]}"
    return target if target.startswith("demijohn.") else None


def _parents(obj: griffe.Object) -> t.Iterator[griffe.Object]:
    parent = obj.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _role(obj: griffe.Object, match: re.Match[str]) -> str:
    body = match["body"]
    if match["role"] == "pep":
        return f"[PEP {body}](https://peps.python.org/pep-{int(body):04d}/)"
    text, _, target = body.partition(" <")
    if target:
        target = target.rstrip(">")
    else:
        target = text.lstrip("~")
        text = target.rsplit(".", 1)[-1] if text.startswith("~") else target
    if match["role"] in {"func", "meth"} and not text.endswith(")"):
        text += "()"
    code = f"<code>{html.escape(text)}</code>"
    path = _reference(obj, target.removesuffix("()"))
    if path is None:
        return code
    return f'<autoref identifier="{html.escape(path)}" optional>{code}</autoref>'


def _version(match: re.Match[str]) -> str:
    text = match["text"].strip()
    line = f"{match['indent']}*{_WORDS[match['kind']]} version {match['version']}.*"
    return f"{line} {text}" if text else line


def _fence_literal_blocks(lines: list[str]) -> list[str]:
    """Turn ``::`` and ``.. code-block::`` blocks into fenced blocks."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        code_block = _CODE_BLOCK.match(line)
        if code_block or line.rstrip().endswith("::"):
            language = code_block["language"] if code_block else "python"
            if code_block or line.strip() == "::":
                pass  # the marker line says nothing of its own
            else:
                out.append(line.rstrip()[:-1])  # "registering it::" reads "registering it:"
            i += 1
            while i < len(lines) and not lines[i].strip():
                i += 1
            block: list[str] = []
            indent = len(line) - len(line.lstrip())
            while i < len(lines) and (
                not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent
            ):
                block.append(lines[i])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            depth = min(len(b) - len(b.lstrip()) for b in block if b.strip()) if block else 0
            prefix = " " * indent
            out += ["", f"{prefix}```{language}"]
            out += [f"{prefix}{b[depth:]}" if b.strip() else "" for b in block]
            out += [f"{prefix}```", ""]
            continue
        out.append(line)
        i += 1
    return out


def convert(obj: griffe.Object, text: str) -> str:
    """``text``, a docstring of ``obj``, with its reST roles, directives and literal blocks
    in Markdown."""
    lines = [_VERSION.sub(_version, line) for line in _fields_last(text.splitlines())]
    text = "\n".join(_fence_literal_blocks(lines))
    return _ROLE.sub(lambda match: _role(obj, match), text)


class RestToMarkdown(griffe.Extension):
    """Rewrite every docstring once its object is loaded, and before it is parsed."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: t.Any) -> None:
        if pkg.name != "demijohn":
            return  # another package's docstrings (pydantic's) are Markdown already
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = convert(obj, obj.docstring.value)


def _walk(obj: griffe.Object) -> t.Iterator[griffe.Object]:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(t.cast(griffe.Object, member))
