"""Test helpers for Jam and its plugins (placeholder: contract suites come with sessions)."""
