"""The negative-path matrix: every refused or missing credential is a 401 (503 in an outage)
on protected views (plain Django, async, DRF) and an anonymous visitor on public ones."""

from __future__ import annotations

from typing import Any

PROTECTED = ["/me", "/admin", "/async-me", "/drf/me", "/drf/admin"]


def test_refused_credential_is_never_authenticated(kit: Any, negative: Any) -> None:
    meta = kit.environ(negative.headers)
    http = kit.client()
    for url in PROTECTED:
        refused = http.get(url, **meta)
        assert refused.status_code == negative.status, (url, refused.content)
        assert "sub" not in refused.json()
        if negative.challenge is None:
            assert refused["Retry-After"] == "5", url
            assert not refused.has_header("WWW-Authenticate"), url
        else:
            assert refused["WWW-Authenticate"] == negative.challenge, url
    for url in ("/public", "/drf/public"):
        public = http.get(url, **meta)
        assert public.status_code == 200, url
        assert public.json() == {"sub": None, "authenticated": False}, url
