"""Progress bars for long batch commands (export, reextract, WACZ packaging), terminal only.

Why this shape: the work itself lives in ``archive/`` and reports progress through a plain
``on_step(n)`` callback; only the command line decides whether a person is watching. A bar
(tqdm) is drawn on stderr when stderr is a terminal and the work has run for more than
:data:`DELAY` seconds, and is removed when it ends; under cron, in a pipe or with
``--no-progress`` nothing is printed, so logs stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm

__all__ = ["DELAY", "progress"]

#: Seconds of work before a bar appears (a quick command never shows one).
DELAY = 1.0


@contextmanager
def progress(
    description: str, *, unit: str, total: int | None = None, enabled: bool | None = None
) -> Iterator[Callable[[int], None]]:
    """Yield ``update(done)``: the count of ``unit`` done so far (absolute, not a step)."""
    show = sys.stderr.isatty() if enabled is None else enabled
    bar = tqdm(
        total=total,
        desc=description,
        unit=f" {unit}",
        delay=DELAY,
        disable=not show,
        leave=False,
        file=sys.stderr,
        dynamic_ncols=True,
    )

    def update(done: int) -> None:
        if done > bar.n:
            bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()
