"""demijohn's benchmark suite: the harness (:mod:`benchmarks.harness`), one application module per
peer and case (:mod:`benchmarks.apps`), and the regression guard (``benchmarks/guard.py``).

``make bench`` runs the suite and writes ``docs/benchmarks.md``; nothing here is imported by
demijohn itself.
"""
