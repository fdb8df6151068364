"""The kernel's version, read by hatchling and by plugins' compatibility checks."""

__version__ = "0.1.0"
