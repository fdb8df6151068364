"""JWS signing algorithms for Jam on ``cryptography`` (distribution ``jam-auth-jwa``).

The plugin module :mod:`jam_jwa.plugin` registers HS256/384/512,
RS256/384/512, PS256/384/512, ES256/384/512, ES256K and EdDSA (plus the
fully-specified ``Ed25519`` and ``Ed448`` names of RFC 9864). Algorithm
classes are importable for direct use and tests.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
