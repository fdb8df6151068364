"""Quote untrusted text in an error message without letting it take over the message.

Error messages name what was wrong (``algorithm 'HS1024' is not allowed``), and
part of that is often text an attacker chose: a JWT header's ``alg`` or
``kid``, a configuration key, a provider's error code. `excerpt` cuts it
to a short prefix and escapes it, so a 12 KB ``alg`` or a string full of
control characters or terminal escapes stays one short, printable line.
Never pass secrets, tokens, session ids or codes here: they are not quoted
at all.
"""

from __future__ import annotations

__all__ = ["MAX_EXCERPT", "excerpt"]

MAX_EXCERPT = 40
"""Characters of untrusted text kept in a message (before escaping)."""


def excerpt(value: object, limit: int = MAX_EXCERPT) -> str:
    """Return ``value`` as a short, escaped, quoted excerpt for an error message.

    Strings are cut to ``limit`` characters (a ``…`` marks the cut) and shown
    with `repr`, which escapes quotes, control characters, lone
    surrogates and terminal escapes. Anything else is shown by its type's
    name only: its ``repr`` could be long, or could run code.

    Example:
        >>> excerpt("HS256")
        "'HS256'"
        >>> excerpt("A" * 1000)
        "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'…"
        >>> excerpt(12)
        'int'
    """
    if isinstance(value, str):
        if len(value) > limit:
            return repr(value[:limit]) + "…"
        return repr(value)
    return type(value).__name__
