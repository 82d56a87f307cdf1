"""Project scaffolding: ``demijohn new``, the ``startproject`` and ``startapp`` of demijohn.

A battery: it uses demijohn's public API only, the core never imports it, and its command
reaches the ``demijohn`` command line through the ``demijohn.commands`` entry points, so it
works outside any application. It needs nothing beyond demijohn's own dependencies (Jinja
renders the template, click is the command line). It is named after its concern rather than
its command: the command does more than make a project (``new module``, ``new --update``),
and ``demijohn.new`` would read as a constructor of something.

- :mod:`~demijohn.scaffolding.answers`: what a project is made from (its name, the batteries
  chosen, the feature modules added);
- :mod:`~demijohn.scaffolding.render`: the template, rendered to text by path;
- :mod:`~demijohn.scaffolding.pins`: the versions a project pins, those demijohn is tested with;
- :mod:`~demijohn.scaffolding.update`: the project's record of its last render, and writing a
  new render over the project's own edits; :mod:`~demijohn.scaffolding.merge`: three-way merges;
- :mod:`~demijohn.scaffolding.modules`: what a new feature module follows;
- :mod:`~demijohn.scaffolding.commands`: the ``demijohn new`` command.

.. versionadded:: 0.1
"""

from __future__ import annotations

from .answers import Answers as Answers
from .answers import Module as Module
from .answers import ScaffoldingError as ScaffoldingError
from .render import TEMPLATE_VERSION as TEMPLATE_VERSION
from .render import render_project as render_project
