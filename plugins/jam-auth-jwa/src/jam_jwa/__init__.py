"""JWS signing algorithms for Jam on ``cryptography`` (distribution ``jam-auth-jwa``).

The plugin module `jam_jwa.plugin` registers RS256/384/512,
PS256/384/512, ES256/384/512, ES256K and EdDSA (plus the fully-specified
``Ed25519`` and ``Ed448`` names of RFC 9864). HS256/384/512 need no
``cryptography`` and ship with the kernel (``jam-auth``) itself.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
