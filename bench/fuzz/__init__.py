"""Coverage-guided fuzzing of Jam's hostile-input surfaces (issue 9): ``python -m bench.fuzz``.

Each target is one small function in :mod:`bench.fuzz._targets` that takes the
fuzzer's bytes and either returns, raises a :class:`jam.exceptions.JamError`
subclass (the only errors Jam may let escape) or raises
:class:`~bench.fuzz._common.Finding` (a property broke). Anything else is a
crash. The driver (:mod:`bench.fuzz.__main__`) runs every target under
atheris (libFuzzer) in its own process, seeded with real tokens, ids, codes and
configurations Jam made at run time, and reports executions, coverage
features and findings. ``tests/fuzz`` holds the short, bounded CI run.
"""
