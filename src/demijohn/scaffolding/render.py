"""Rendering the template: the project's files, as text by path, from :class:`Answers`.

The template is a folder of files rendered with Jinja (``templates/project``, then
``templates/module`` once per feature module), each named as in the project, plus
``.jinja``. Jinja's own delimiters are left to the
project's HTML templates: the scaffolding's are ``<< name >>`` for values and ``<% if db %>``
for statements. In paths, ``PKG`` is the package, ``FEATURE`` the feature module, and a
leading ``dot-`` a dot (the template holds no dotfiles, which packaging leaves out). A file
that belongs to a battery the answers leave out is not rendered (:data:`OPTIONAL`).

Rendering touches no disk but the template's: the result is a mapping, written and merged by
:mod:`demijohn.scaffolding.update`.
"""

from __future__ import annotations

import collections.abc as cabc
import importlib.metadata
import json
import logging
import typing as t
from pathlib import Path

import jinja2

from .answers import Answers, Module
from .pins import dev_requirements, read_constraints

__all__ = ["OPTIONAL", "TEMPLATES", "TEMPLATE_VERSION", "Rendered", "render_project"]

logger = logging.getLogger(__name__)

#: The version of the template. Raise it with any change to the files under ``templates/``,
#: so that ``demijohn new --update`` offers it to the projects made before.
TEMPLATE_VERSION = 1

#: The folder of the template shipped with demijohn.
TEMPLATES = Path(__file__).parent / "templates"

#: Every file of the template ends so, which keeps linters and type checkers off them.
SUFFIX = ".jinja"

#: Rendered files by their path in the project (``/``-separated).
Rendered = dict[str, str]

#: Paths of the template that only a battery needs: a file whose path starts with one of
#: these is rendered only when the answer for that battery is yes.
OPTIONAL: dict[str, str] = {
    "PKG/db.py": "db",
    "PKG/migrations/": "db",
    "PKG/FEATURE/models.py": "db",
    "tests/FEATURE/test_models.py": "db",
    "tests/test_db.py": "db",
    "PKG/translations/": "i18n",
    "PKG/api.py": "api",
    "PKG/home/api.py": "api",
    "PKG/FEATURE/api.py": "api",
    "tests/home/test_api.py": "api",
    "tests/FEATURE/test_api.py": "api",
    "tests/test_production.py": "production",
    "tests/test_api.py": "api",
}


def _environment(root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(root),
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["pyrepr"] = repr
    return env


def _template_files(root: Path) -> list[str]:
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def _wanted(template_path: str, answers: Answers) -> bool:
    for prefix, option in OPTIONAL.items():
        if template_path.startswith(prefix) and not getattr(answers, option):
            return False
    return True


def _target(template_path: str, answers: Answers, module: Module | None) -> str:
    parts = []
    for part in template_path.removesuffix(SUFFIX).split("/"):
        if part == "PKG":
            part = answers.package
        elif part == "FEATURE" and module is not None:
            part = module.name
        elif part.startswith("FEATURE.") and module is not None:
            part = module.name + part[len("FEATURE") :]
        elif part.startswith("dot-"):
            part = "." + part[len("dot-") :]
        parts.append(part)
    return "/".join(parts)


def demijohn_source() -> str:
    """Where the running demijohn was installed from, for the generated Makefile's
    ``DEMIJOHN``: the local wheel or checkout pip recorded (PEP 610), else empty (the
    package index)."""
    try:
        text = importlib.metadata.distribution("demijohn").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return ""
    url = json.loads(text).get("url", "") if text else ""
    return url.removeprefix("file://") if url.startswith("file://") else url


def context(answers: Answers) -> dict[str, t.Any]:
    """The values the template sees."""
    return {
        "name": answers.name,
        "package": answers.package,
        "prefix": answers.prefix,
        "extras": answers.extras,
        "db": answers.db,
        "i18n": answers.i18n,
        "api": answers.api,
        "production": answers.production,
        "modules": answers.modules,
        "template_version": TEMPLATE_VERSION,
        "demijohn_version": importlib.metadata.version("demijohn"),
        "demijohn_source": answers.demijohn_source,
        "dev_requirements": dev_requirements(),
        "constraints": "\n".join(read_constraints()),
    }


def _render_tree(
    root: Path,
    answers: Answers,
    values: cabc.Mapping[str, t.Any],
    module: Module | None,
    into: Rendered,
) -> None:
    env = _environment(root)
    for template_path in _template_files(root):
        if not _wanted(template_path, answers):
            continue
        text = env.get_template(template_path).render(values)
        into[_target(template_path, answers, module)] = text


def render_project(answers: Answers, templates: Path = TEMPLATES) -> Rendered:
    """Render every file of the project ``answers`` describe, its feature modules included.

    :param answers: the project's answers.
    :param templates: the template folder (a test passes a changed copy, as a newer template).
    """
    values = context(answers)
    rendered: Rendered = {}
    _render_tree(templates / "project", answers, values, None, rendered)
    for module in answers.modules:
        module_values = {
            **values,
            "feature": module.name,
            "model": module.model,
            "revision": module.revision,
            "after": module.after,
        }
        _render_tree(templates / "module", answers, module_values, module, rendered)
    return rendered
