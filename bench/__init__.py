"""Jam's benchmark harness: Jam side by side with its peers and with the floor.

Run it with ``bash bench/run`` (or ``bash bench/run --quick``). Nothing here is
part of the test run; see ``docs/benchmarks.md`` for how to read the results.

This package must stay importable without importing ``jam``: the jamlib
worker (``bench._jamlib_worker``) runs in a separate virtual environment where
``jam`` is jamlib 4.x.
"""
