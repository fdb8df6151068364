"""Write files as key material needs: created with their final mode, never clobbered by mistake.

A private key or a secret is created with mode 0600 by the ``open`` call that
creates it (``O_CREAT | O_EXCL``), so there is no moment at which another
user could read it; its mode is never changed afterwards. Replacing a file
(``--force``) writes a new file with the right mode next to it and renames
it over the old one, so the old file's mode never carries over and a reader
sees the old content or the new, never half of it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from jam._text import excerpt
from jam.cli._common import CliError

__all__ = ["PRIVATE", "PUBLIC", "check_free", "write_file"]

PRIVATE = 0o600
"""Mode of files holding a private key, a secret, or an OTP enrolment."""
PUBLIC = 0o644
"""Mode of files anyone may read (public keys, plugin locks)."""

_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def check_free(paths: list[Path], *, force: bool) -> None:
    """Refuse, before anything is written, when one of ``paths`` exists and ``force`` is off.

    Raises:
        CliError: A path exists (or is a dangling symbolic link); the message lists them.
    """
    if force:
        return
    taken = [path for path in paths if path.exists() or path.is_symlink()]
    if taken:
        shown = ", ".join(excerpt(str(path), 200) for path in taken)
        raise CliError(f"refusing to overwrite {shown}; pass --force to replace")


def write_file(path: Path, data: bytes, *, mode: int, replace: bool) -> None:
    """Create ``path`` with ``mode`` and write ``data``.

    Args:
        path: Where to write.
        data: The whole content.
        mode: Permission bits given to ``open`` when the file is created (the
            process umask can only remove bits).
        replace: Replace an existing file (atomically, by rename); otherwise an
            existing file is an error.

    Raises:
        CliError: The file exists and ``replace`` is off.
        OSError: The folder is missing or not writable, the disk is full...
    """
    if not replace:
        try:
            fd = os.open(path, _FLAGS, mode)
        except FileExistsError:
            raise CliError(
                f"refusing to overwrite {excerpt(str(path), 200)}; pass --force to replace"
            ) from None
        _fill(fd, data, path)
        return
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, _FLAGS, mode)
    _fill(fd, data, temporary)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _fill(fd: int, data: bytes, path: Path) -> None:
    """Write everything to a freshly created file; remove it if that fails."""
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
