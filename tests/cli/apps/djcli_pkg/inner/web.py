"""An application two packages deep, to check the dotted name prepare_import works out."""

from __future__ import annotations

from demijohn import Demijohn

app = Demijohn(__name__)
