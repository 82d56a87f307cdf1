"""An SSL context for ``demijohn run --cert djcli_ssl:context``."""

from __future__ import annotations

import ssl

context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
not_a_context = "plain string"
