"""The "Sign in with ..." providers the example offers: those the environment configures.

* GitHub: ``WEBAPP_GITHUB_CLIENT_ID`` and ``WEBAPP_GITHUB_CLIENT_SECRET`` (an OAuth app
  whose callback URL is ``<WEBAPP_PUBLIC_URL>/oauth/callback/github``). The endpoints
  come from the ``github`` provider of ``jam-auth-oauth2``; README.md lists them.
* Any OpenID Connect issuer, by discovery: ``WEBAPP_OIDC_ISSUER``,
  ``WEBAPP_OIDC_CLIENT_ID``, ``WEBAPP_OIDC_CLIENT_SECRET`` and, for the button,
  ``WEBAPP_OIDC_LABEL``; its callback URL is ``<WEBAPP_PUBLIC_URL>/oauth/callback/oidc``.

Client secrets stay in the environment: the tables name them (``$VAR``), Jam reads them.
"""

from __future__ import annotations

import os
from typing import Any

LABELS = {"github": "GitHub", "oidc": os.environ.get("WEBAPP_OIDC_LABEL", "OpenID Connect")}
"""Button labels, by provider table name."""


def public_url() -> str:
    """Where browsers reach the app (the redirect URLs are made from it)."""
    default = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    return os.environ.get("WEBAPP_PUBLIC_URL", default).rstrip("/")


def provider_tables() -> dict[str, dict[str, Any]]:
    """The ``[jam.oauth2.providers.*]`` tables for the providers the environment configures."""
    base = public_url()
    tables: dict[str, dict[str, Any]] = {}
    if os.environ.get("WEBAPP_GITHUB_CLIENT_ID"):
        tables["github"] = {
            "client_id": os.environ["WEBAPP_GITHUB_CLIENT_ID"],
            "client_secret": "$WEBAPP_GITHUB_CLIENT_SECRET",
            "redirect_url": f"{base}/oauth/callback/github",
        }
    if os.environ.get("WEBAPP_OIDC_ISSUER"):
        tables["oidc"] = {
            "provider": "oidc",
            "issuer": os.environ["WEBAPP_OIDC_ISSUER"],
            "client_id": os.environ.get("WEBAPP_OIDC_CLIENT_ID", ""),
            "client_secret": "$WEBAPP_OIDC_CLIENT_SECRET",
            "redirect_url": f"{base}/oauth/callback/oidc",
            "scopes": ["openid", "profile", "email"],
        }
    return tables
