"""What every fuzz target shares: the finding type, a byte reader and seed encoding.

Targets decode the fuzzer's bytes with :class:`Reader` (selector bytes first,
the hostile text last) and write seeds with :func:`seed`, the same layout, so
a seed is a real input the fuzzer can mutate field by field. Nothing here
prints or logs an input: findings carry figures and names only.
"""

from __future__ import annotations

from typing import Any


class Finding(AssertionError):
    """A property of a target was violated (never raised for an allowed outcome).

    Messages name the target's instance and what broke, never the input
    (which may be a token or a secret); the input is saved to a file instead.
    """


class Reader:
    """Take bytes from the front of a fuzz input; missing bytes read as zero."""

    __slots__ = ("_data", "_pos")

    def __init__(self, data: bytes) -> None:
        """Read ``data`` from the start."""
        self._data = data
        self._pos = 0

    def byte(self) -> int:
        """The next byte (0 once the input is used up)."""
        if self._pos >= len(self._data):
            return 0
        value = self._data[self._pos]
        self._pos += 1
        return value

    def pick(self, choices: tuple[Any, ...] | list[Any]) -> Any:
        """One of ``choices``, chosen by the next byte."""
        return choices[self.byte() % len(choices)]

    def chunk(self) -> bytes:
        """A field prefixed by its length as two bytes (big-endian)."""
        size = (self.byte() << 8) | self.byte()
        value = self._data[self._pos : self._pos + size]
        self._pos += len(value)
        return value

    def rest(self) -> bytes:
        """Everything not read yet."""
        value = self._data[self._pos :]
        self._pos = len(self._data)
        return value


def seed(*fields: int | bytes | str, last: bytes | str = b"") -> bytes:
    """Encode a seed in :class:`Reader`'s layout: ints are bytes, bytes/str are chunks."""
    out = bytearray()
    for field in fields:
        if isinstance(field, int):
            out.append(field & 0xFF)
        else:
            raw = field.encode("utf-8", "surrogateescape") if isinstance(field, str) else field
            out += len(raw).to_bytes(2, "big") + raw
    out += last.encode("utf-8", "surrogateescape") if isinstance(last, str) else last
    return bytes(out)


def text(raw: bytes) -> str:
    """Fuzz bytes as text: UTF-8, with undecodable bytes as lone surrogates (hostile on purpose)."""
    return raw.decode("utf-8", "surrogateescape")


ODD_NUMBERS: tuple[Any, ...] = (
    None,
    True,
    False,
    -1,
    0,
    1,
    2,
    7,
    59,
    100,
    101,
    2**31,
    2**63,
    2**64 - 1,
    2**64,
    10**400,
    -(2**64),
    0.5,
    -0.0,
    1e308,
    float("inf"),
    float("nan"),
    "1",
    b"1",
    [1],
)
"""Values that are, or pretend to be, numbers: for factors, counters, windows, lifetimes."""
