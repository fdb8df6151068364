"""The framework-neutral core of Jam's web integrations.

Every integration (``jam-auth-starlette``, ``jam-auth-flask``,
``jam-auth-litestar``, ``jam-auth-django``) is a thin layer over this package,
and so can a third-party one be (see ``docs/integrations/index.md``, "Writing an
integration"):

* **Pure, decides:** credential parsing (`bearer_token`,
  `cookie_value`), the judge that turns Jam's answer into a
  `JamUser` or an `AnonymousUser` that says why
  (`find_token`, `from_claims`, `from_token_error`,
  `from_session`), the RFC 6750 answers (`refusal`,
  `insufficient_scope`, `unavailable`), the session document
  (`read_session`, `write_session`), the cookie policy
  (`CookiePolicy`) and the integration settings (`read_settings`).
* **Drivers, do I/O:** `Authenticator` and `SessionHandle` call
  the synchronous facade `jam.Jam`; `AsyncAuthenticator` and
  `AsyncSessionHandle` are their asyncio twins for `jam.aio.Jam`.

The framework layer only reads headers from its request type and writes
status, headers and cookies with its response type.
"""

from __future__ import annotations

from jam._public import rehome
from jam.web._async_authenticator import AsyncAuthenticator, require_async_jam
from jam.web._async_session import AsyncSessionHandle
from jam.web._authenticator import Authenticator, require_sync_jam
from jam.web._challenge import (
    RETRY_AFTER_SECONDS,
    Refusal,
    check_scopes,
    insufficient_scope,
    refusal,
    unavailable,
)
from jam.web._cookies import DEFAULT_COOKIE_NAME, CookieChange, CookiePolicy, is_loopback_http
from jam.web._credentials import (
    Absent,
    Ambiguous,
    Bearer,
    Presented,
    bearer_token,
    cookie_value,
    is_token68,
)
from jam.web._document import SessionView, read_session, write_session
from jam.web._judge import (
    TokenSource,
    find_token,
    from_claims,
    from_session,
    from_token_error,
    presented_failure,
)
from jam.web._session import SessionHandle
from jam.web._settings import SETTINGS, Credential, WebSettings, read_settings
from jam.web._users import AnonymousUser, Failure, JamUser, Scheme, Source, scopes_of

__all__ = [
    "DEFAULT_COOKIE_NAME",
    "RETRY_AFTER_SECONDS",
    "SETTINGS",
    "Absent",
    "Ambiguous",
    "AnonymousUser",
    "AsyncAuthenticator",
    "AsyncSessionHandle",
    "Authenticator",
    "Bearer",
    "CookieChange",
    "CookiePolicy",
    "Credential",
    "Failure",
    "JamUser",
    "Presented",
    "Refusal",
    "Scheme",
    "SessionHandle",
    "SessionView",
    "Source",
    "TokenSource",
    "WebSettings",
    "bearer_token",
    "check_scopes",
    "cookie_value",
    "find_token",
    "from_claims",
    "from_session",
    "from_token_error",
    "insufficient_scope",
    "is_loopback_http",
    "is_token68",
    "presented_failure",
    "read_session",
    "read_settings",
    "refusal",
    "require_async_jam",
    "require_sync_jam",
    "scopes_of",
    "unavailable",
    "write_session",
]

rehome(__name__, __all__, globals())
