"""Bounded load and lost-write audit of Jam on Redis and SQLite: ``python -m bench.load``."""
