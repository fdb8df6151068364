"""Accounts, personal API tokens and linked sign-ins in SQLite; Argon2 password hashes.

A linked sign-in is a provider identity, ``(provider, subject)``, that logs in
to one account: made when someone first signs in with GitHub / OIDC (a new
account), or when a logged-in user links one from the account page. Accounts
are never matched by e-mail address.

Blocking work (SQLite, Argon2's deliberately slow hash) runs in a worker
thread so the event loop keeps serving other requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

USERNAME = re.compile(r"[a-z0-9_.-]{3,32}")
MIN_PASSWORD = 10

SCHEMA = """
create table if not exists users (
    name text primary key,
    password_hash text not null,
    totp_secret text            -- base32; encrypt it at rest in a real deployment
);
create table if not exists tokens (
    jti text primary key,
    owner text not null references users(name),
    label text not null,
    expires integer not null,
    revoked integer not null default 0
);
create table if not exists identities (
    provider text not null,
    subject text not null,     -- the provider's stable user id (sub), never an e-mail
    owner text not null references users(name),
    primary key (provider, subject)
);
"""


@dataclass(frozen=True)
class User:
    name: str
    totp_secret: str | None


@dataclass(frozen=True)
class Token:
    jti: str
    label: str
    expires: int
    revoked: bool


class Users:
    """The account store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.hasher = PasswordHasher()
        self._dummy_hash = self.hasher.hash("not a real password")
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """One connection per call: a transaction, committed on success, then closed."""
        db = sqlite3.connect(self.path, timeout=5)
        try:
            with db:
                yield db
        finally:
            db.close()

    async def create(self, name: str, password: str) -> User | None:
        """Create an account; None if the name is taken."""
        password_hash = await asyncio.to_thread(self.hasher.hash, password)

        def insert() -> bool:
            with self._db() as db:
                cursor = db.execute(
                    "insert or ignore into users (name, password_hash) values (?, ?)",
                    (name, password_hash),
                )
                return cursor.rowcount == 1

        return User(name, None) if await asyncio.to_thread(insert) else None

    async def create_for_identity(self, provider: str, subject: str, wanted: str) -> str:
        """Create an account for a provider identity and link it; return the account's name.

        The name is ``wanted`` (made to fit USERNAME), suffixed ``-2``, ``-3``... when
        taken. The account gets a password nobody knows: it signs in with its provider.
        If the identity was linked meanwhile (two callbacks at once), that account wins.
        """
        base = re.sub(r"[^a-z0-9_.-]", "", wanted.lower())[:28]
        base = base if len(base) >= 3 else "user"
        unusable = await asyncio.to_thread(self.hasher.hash, secrets.token_urlsafe(32))

        def insert() -> str:
            with self._db() as db:
                found = db.execute(
                    "select owner from identities where provider = ? and subject = ?",
                    (provider, subject),
                ).fetchone()
                if found:
                    return str(found[0])
                for n in range(1, 1000):
                    name = base if n == 1 else f"{base}-{n}"
                    cursor = db.execute(
                        "insert or ignore into users (name, password_hash) values (?, ?)",
                        (name, unusable),
                    )
                    if cursor.rowcount == 1:
                        db.execute(
                            "insert into identities (provider, subject, owner) values (?, ?, ?)",
                            (provider, subject, name),
                        )
                        return name
            raise RuntimeError("no free account name")

        return await asyncio.to_thread(insert)

    async def identity_owner(self, provider: str, subject: str) -> str | None:
        """The account a provider identity signs in to, if it is linked."""

        def select() -> str | None:
            with self._db() as db:
                row = db.execute(
                    "select owner from identities where provider = ? and subject = ?",
                    (provider, subject),
                ).fetchone()
            return str(row[0]) if row else None

        return await asyncio.to_thread(select)

    async def link_identity(self, provider: str, subject: str, owner: str) -> bool:
        """Link a provider identity to ``owner``; False if it signs in to another account."""

        def insert() -> bool:
            with self._db() as db:
                db.execute(
                    "insert or ignore into identities (provider, subject, owner) values (?, ?, ?)",
                    (provider, subject, owner),
                )
                row = db.execute(
                    "select owner from identities where provider = ? and subject = ?",
                    (provider, subject),
                ).fetchone()
            return bool(row and row[0] == owner)

        return await asyncio.to_thread(insert)

    async def linked_providers(self, owner: str) -> set[str]:
        """The providers ``owner`` can sign in with."""

        def select() -> set[str]:
            with self._db() as db:
                rows = db.execute("select provider from identities where owner = ?", (owner,))
                return {str(row[0]) for row in rows}

        return await asyncio.to_thread(select)

    async def get(self, name: str) -> User | None:
        def select() -> User | None:
            with self._db() as db:
                row = db.execute("select name, totp_secret from users where name = ?", (name,))
                found = row.fetchone()
            return User(*found) if found else None

        return await asyncio.to_thread(select)

    async def check_password(self, name: str, password: str) -> User | None:
        """The user if the password is right; None otherwise (same work either way)."""

        def check() -> User | None:
            with self._db() as db:
                row = db.execute(
                    "select password_hash, totp_secret from users where name = ?", (name,)
                ).fetchone()
            try:
                self.hasher.verify(row[0] if row else self._dummy_hash, password)
            except VerificationError:
                return None
            return User(name, row[1]) if row else None

        return await asyncio.to_thread(check)

    async def set_totp_secret(self, name: str, secret: str) -> None:
        def update() -> None:
            with self._db() as db:
                db.execute("update users set totp_secret = ? where name = ?", (secret, name))

        await asyncio.to_thread(update)

    async def add_token(self, owner: str, jti: str, label: str, expires: int) -> None:
        def insert() -> None:
            with self._db() as db:
                db.execute(
                    "insert into tokens (jti, owner, label, expires) values (?, ?, ?, ?)",
                    (jti, owner, label, expires),
                )

        await asyncio.to_thread(insert)

    async def tokens(self, owner: str) -> list[Token]:
        def select() -> list[Token]:
            with self._db() as db:
                rows = db.execute(
                    "select jti, label, expires, revoked from tokens"
                    " where owner = ? and expires > ? order by expires",
                    (owner, int(time.time())),
                ).fetchall()
            return [Token(jti, label, expires, bool(flag)) for jti, label, expires, flag in rows]

        return await asyncio.to_thread(select)

    async def mark_revoked(self, owner: str, jti: str) -> Token | None:
        """Mark one of ``owner``'s tokens revoked; return it (None if not theirs)."""

        def update() -> Token | None:
            with self._db() as db:
                db.execute(
                    "update tokens set revoked = 1 where owner = ? and jti = ?", (owner, jti)
                )
                row = db.execute(
                    "select jti, label, expires, revoked from tokens where owner = ? and jti = ?",
                    (owner, jti),
                ).fetchone()
            return Token(row[0], row[1], row[2], bool(row[3])) if row else None

        return await asyncio.to_thread(update)
