"""Log a user in with a password-less second factor and a server-side session.

Uses only embedded defaults: sessions and the OTP replay list live in one
SQLite file in a temporary folder (no Redis). Run it with::

    uv run python examples/sessions_and_otp.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import jam


def main() -> None:
    """Enrol a user in TOTP, verify a code once, and manage their sessions."""
    with tempfile.TemporaryDirectory() as folder:
        database = str(Path(folder) / "jam.db")
        auth = jam.Jam(
            config={
                "session": {"backend": "sqlite", "path": database, "default_ttl": 3600},
                "otp": {
                    "issuer": "Example Inc",
                    "replay_protection": True,
                    "replay_backend": "sqlite",
                    "path": database,
                },
            }
        )
        with auth:
            secret = auth.otp_generate_secret()  # store it with the user
            uri = auth.otp_uri(secret, name="alice@example.com")
            print(f"enrolment URI for the authenticator app: {uri.split('?')[0]}?secret=...")

            code = auth.otp_code(secret)  # what the user's app shows now
            print(f"first use of the current code accepted: {auth.otp_verify_code(secret, code)}")
            print(f"second use of the same code accepted:   {auth.otp_verify_code(secret, code)}")

            laptop = auth.session_create("alice", {"device": "laptop"})
            phone = auth.session_create("alice", {"device": "phone"})
            print(f"alice has {len(auth.session_list('alice'))} sessions")

            fresh = auth.session_rework(laptop)  # new id after privilege change
            gone = auth.session_get(laptop) is None
            print(f"after rework the old id is gone: {gone}; data kept: {auth.session_get(fresh)}")

            auth.session_delete(phone)  # "sign out other devices"
            print(f"after signing the phone out: {len(auth.session_list('alice'))} session(s)")
            print(f"sign out everywhere removed {auth.session_clear('alice')} session(s)")


if __name__ == "__main__":
    main()
