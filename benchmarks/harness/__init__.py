"""The benchmark harness. Modules that run inside the peers' virtual environments
(:mod:`.targets`, :mod:`.cases`, :mod:`.driver`, :mod:`.valgrind`, :mod:`.startup_probe`) use the
standard library only; the others run in the project's environment and drive them."""
