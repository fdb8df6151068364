"""The negative-path matrix: every refused or missing credential is a 401 (503 in an outage)
on a protected handler and an anonymous visitor on a public one; never authenticated."""

from __future__ import annotations

from typing import Any


async def test_refused_credential_is_never_authenticated(kit: Any, negative: Any) -> None:
    app, sent = negative
    async with kit.client(app) as http:
        guarded = await http.get("/me", headers=sent.headers)
        scoped = await http.get("/admin", headers=sent.headers)
        dependency = await http.get("/dependency", headers=sent.headers)
        public = await http.get("/public", headers=sent.headers)
    for refused in (guarded, scoped, dependency):
        assert refused.status_code == sent.status, refused.text
        assert "sub" not in refused.json()
        if sent.challenge is None:
            assert refused.headers["retry-after"] == "5"
            assert "www-authenticate" not in refused.headers
        else:
            assert refused.headers["www-authenticate"] == sent.challenge
    assert public.status_code == 200
    assert public.json() == {"sub": None, "authenticated": False}
