"""The negative-path matrix: every refused or missing credential is a 401 (503 in an outage)
on a protected view and an anonymous visitor on a public one; never authenticated."""

from __future__ import annotations

from typing import Any


def test_refused_credential_is_never_authenticated(negative: Any) -> None:
    app, sent = negative
    http = app.test_client(use_cookies=False)
    protected = http.get("/me", headers=sent.headers)
    scoped = http.get("/admin", headers=sent.headers)
    public = http.get("/public", headers=sent.headers)
    assert protected.status_code == sent.status, protected.text
    assert scoped.status_code == sent.status
    assert protected.json == {
        "detail": "Not authenticated"
        if sent.status == 401
        else "Authentication is temporarily unavailable"
    }
    if sent.challenge is None:
        assert protected.headers["Retry-After"] == "5"
        assert "WWW-Authenticate" not in protected.headers
    else:
        assert protected.headers["WWW-Authenticate"] == sent.challenge
    assert public.status_code == 200
    assert public.json == {"sub": None, "authenticated": False}
