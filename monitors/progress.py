"""A progress line for long commands, shown only to a person watching a terminal: scripts and
cron jobs (stderr not a terminal) get no output from it at all."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

WIDTH = 30
EVERY_SECONDS = 0.2


class ProgressBar:
    """`label` and a bar of done/total bytes, redrawn at most every EVERY_SECONDS and always at
    the end; then, on a line of its own, the stages of the work left after the last byte (an
    import's index build and commit can take a tenth of its time), so the bar never sits at
    100% without saying why."""

    def __init__(self, stream: TextIO, label: str, total: int, clock: Callable[[], float]):
        self._stream, self._label, self._total, self._clock = stream, label, total, clock
        self._last_drawn = float("-inf")
        self._line_open = False
        self._stages = 0

    def __call__(self, done: int) -> None:
        now = self._clock()
        if done < self._total and now - self._last_drawn < EVERY_SECONDS:
            return
        self._last_drawn = now
        share = min(done / self._total, 1.0)
        filled = round(share * WIDTH)
        self._write(f"\r{self._label} [{'#' * filled}{'.' * (WIDTH - filled)}] {share:4.0%} of {self._total / 1e6:.1f} MB")
        self._line_open = done < self._total
        if not self._line_open:
            self._write("\n")

    def stage(self, what: str) -> None:
        """Say what the command is doing now that every byte is read."""
        if self._line_open and not self._stages:
            self._write("\n")
        self._write(f"{'finishing: ' if not self._stages else ', '}{what}")
        self._stages += 1
        self._line_open = True

    def end(self) -> None:
        """End the line drawn last, if it is open (the command finished or failed)."""
        if self._line_open:
            self._write("\n")
            self._line_open = False

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()


def progress_bar(stream: TextIO, label: str, total: int, clock: Callable[[], float] = time.monotonic) -> ProgressBar | None:
    """A progress bar of `total` bytes drawn on `stream`; None when `stream` is not a terminal."""
    if not stream.isatty() or total <= 0:
        return None
    return ProgressBar(stream, label, total, clock)
