"""Compatibility layers: code written for another framework, running on demijohn unchanged.

Each layer is switched on explicitly and demijohn never imports this package itself. The
building blocks shared by the layers are :mod:`~demijohn.compat.aliases` (modules that stand
for another package's modules) and :mod:`~demijohn.compat.metadata` (a stand-in
distribution for :mod:`importlib.metadata`); :mod:`~demijohn.compat.flask` is the Flask layer.
"""
