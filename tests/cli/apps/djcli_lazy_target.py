"""The target of a view registered by import string; importing it is a bug in the caller."""

raise RuntimeError("djcli_lazy_target was imported, but lazy views must stay unimported")
