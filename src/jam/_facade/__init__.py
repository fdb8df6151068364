"""The facades' building blocks: `FacadeCore`, one method mixin per capability, `Jam`.

``jam.Jam`` is `Jam` from here; ``jam.aio.Jam`` is built from the same
mixins in `jam.aio`.
"""

from __future__ import annotations

from jam._facade._sync import Jam

__all__ = ["Jam"]
