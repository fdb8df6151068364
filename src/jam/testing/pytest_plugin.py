"""pytest plugin registered as ``jam`` (placeholder)."""
