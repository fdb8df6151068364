"""Jam quickstart: issue, verify and revoke a JWT on embedded defaults (no Redis).

Run it with::

    uv run python examples/quickstart.py
"""

from __future__ import annotations

import secrets

import jam


def main() -> None:
    """Issue a token, verify it, revoke it, and show that it is then rejected."""
    auth = jam.Jam(
        config={
            "jwt": {
                "alg": "HS256",
                "secret_key": secrets.token_urlsafe(32),  # in real life: "$JAM_SECRET"
                "expire": 900,
                "issuer": "https://quickstart.example",
                "list": {"type": "black", "backend": "memory"},
            }
        }
    )
    print(f"built {auth!r} with plugins: {', '.join(p.label for p in auth.registry.plugins)}")

    payload = auth.jwt_make_payload(exp=600, data={"sub": "user-42", "role": "admin"})
    token = auth.jwt_create_token(payload)
    print(f"issued a token for {payload['sub']} ({len(token)} characters, valid 600 s)")

    claims = auth.jwt_verify_token(token)
    print(f"verified: sub={claims['sub']} role={claims['role']} iss={claims['iss']}")

    auth.jwt_revoke_token(token)
    print("revoked the token (its id is on the black list until it would have expired)")

    try:
        auth.jwt_verify_token(token)
    except jam.TokenInBlackList as err:
        print(f"verifying again is refused: {type(err).__name__}: {err}")
    else:
        raise SystemExit("BUG: a revoked token verified")


if __name__ == "__main__":
    main()
