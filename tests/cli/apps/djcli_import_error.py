"""A module whose own import fails, which must be reported as such, not as "not found"."""

from __future__ import annotations

import djcli_no_such_dependency  # noqa: F401
