"""A progress line for long commands, shown only to a person watching a terminal: scripts and
cron jobs (stderr not a terminal) get no output from it at all."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

WIDTH = 30
EVERY_SECONDS = 0.2


def progress_bar(stream: TextIO, label: str, total: int, clock: Callable[[], float] = time.monotonic) -> Callable[[int], None] | None:
    """A callback drawing `label` and a bar of done/total bytes on `stream`, at most every
    EVERY_SECONDS and always at the end; None when `stream` is not a terminal."""
    if not stream.isatty() or total <= 0:
        return None
    last_drawn = [float("-inf")]

    def draw(done: int) -> None:
        now = clock()
        if done < total and now - last_drawn[0] < EVERY_SECONDS:
            return
        last_drawn[0] = now
        share = min(done / total, 1.0)
        filled = round(share * WIDTH)
        stream.write(f"\r{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {share:4.0%} of {total / 1e6:.1f} MB")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return draw
