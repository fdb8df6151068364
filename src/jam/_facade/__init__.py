"""The facades' building blocks: :class:`FacadeCore`, one method mixin per capability, :class:`Jam`.

``jam.Jam`` is :class:`Jam` from here; ``jam.aio.Jam`` is built from the same
mixins in :mod:`jam.aio`.
"""

from __future__ import annotations

from jam._facade._sync import Jam

__all__ = ["Jam"]
