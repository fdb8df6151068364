"""Placeholder plugin module (registers nothing yet)."""
