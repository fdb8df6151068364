"""``python -m jam.cli``: the same as the ``jam`` console script."""

from __future__ import annotations

import sys

from jam.cli import main

sys.exit(main())
