"""The :class:`Jam` facade, composed from one mixin per capability."""

from __future__ import annotations

from jam._facade._jwt import JWTMixin
from jam._facade._otp import OTPMixin
from jam._facade._sessions import SessionsMixin

__all__ = ["Jam"]


class Jam(JWTMixin, SessionsMixin, OTPMixin):
    """One object for JWT, sessions and one-time passwords, configured in TOML.

    Example:
        >>> from jam import Jam
        >>> jam = Jam(config={"jwt": {"alg": "HS256", "secret_key": "a-long-random-secret"}})
        >>> token = jam.jwt_create_token(jam.jwt_make_payload(exp=60, data={"sub": "42"}))
        >>> jam.jwt_verify_token(token)["sub"]
        '42'
    """
