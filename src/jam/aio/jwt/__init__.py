"""jamlib's ``jam.aio.jwt`` package, kept for `jam.aio.jwt.lists`. Deprecated."""
