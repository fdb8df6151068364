"""jamlib's ``jam.aio.jwt`` package, kept for :mod:`jam.aio.jwt.lists`. Deprecated."""
