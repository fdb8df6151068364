"""The synchronous facade `jam.Jam`: the shared methods plus a blocking lifecycle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam._facade._core import SyncMode
from jam._facade._jwt import JWTMethods
from jam._facade._oauth2 import OAuth2Methods
from jam._facade._otp import OTPMethods
from jam._facade._sessions import SessionMethods

if TYPE_CHECKING:
    from types import TracebackType

    from jam.jwt import JWTEngine
    from jam.oauth2 import OAuth2Engine
    from jam.otp import OTPEngine
    from jam.sessions import SessionEngine

__all__ = ["Jam"]


class Jam(
    JWTMethods[SyncMode],
    SessionMethods[SyncMode],
    OTPMethods[SyncMode],
    OAuth2Methods[SyncMode],
):
    """One object for JWT, sessions, one-time passwords and OAuth2, configured in TOML.

    Every ``jwt_*``, ``session_*``, ``otp_*`` and ``oauth2_*`` method forwards to one of the
    engines below, built once from the configuration. Use the engines
    directly for more than the facade offers (``auth.jwt.core`` verifies
    without a list, ``auth.sessions.store`` is the store plugin).
    `jam.aio.Jam` has the same methods, returning awaitables.

    Example:
        >>> from jam import Jam
        >>> jam = Jam(config={"jwt": {"alg": "HS256", "secret_key": "a-long-random-secret"}})
        >>> token = jam.jwt_create_token(jam.jwt_make_payload(exp=60, data={"sub": "42"}))
        >>> jam.jwt_verify_token(token)["sub"]
        '42'
    """

    __module__ = "jam"

    jwt: JWTEngine | None
    """The JWT engine (``[jam.jwt]``), or ``None``: `jam.jwt.JWTEngine`."""
    sessions: SessionEngine | None
    """The session engine (``[jam.session]``), or ``None``: `jam.sessions.SessionEngine`."""
    otp: OTPEngine | None
    """The one-time-password engine (``[jam.otp]``), or ``None``: `jam.otp.OTPEngine`."""
    oauth2: OAuth2Engine | None
    """The OAuth2 engine (``[jam.oauth2]``), or ``None``: `jam.oauth2.OAuth2Engine`."""

    def close(self) -> None:
        """Close every backend (connections, files): the list, the store, the replay list.

        Every engine is closed even when one fails; the first failure is then
        raised. Idempotent.
        """
        engines, self._engines = self._engines, []
        failures: list[Exception] = []
        for engine in engines:
            try:
                engine.close()
            except Exception as err:  # close the rest, then re-raise the first
                failures.append(err)
        if failures:
            raise failures[0]

    def __enter__(self) -> Jam:
        """Use as a context manager that closes backends on exit."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close backends."""
        self.close()
