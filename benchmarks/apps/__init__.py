"""One module per benchmark target. Each defines one function per case (``hello``, ``params``,
``json``, ``template``, ``not_found``, ``session``) that builds and returns the application the
way that framework's documentation suggests; a case the framework cannot do is left out, and the
reason is given in :mod:`benchmarks.harness.targets`.

These modules run inside each peer's own virtual environment: they import only their framework
and :mod:`benchmarks.apps.data`.
"""
