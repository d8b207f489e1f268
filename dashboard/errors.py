"""No traceback reaches a visitor: a failure shows a message in words and the detail goes to
the server's log, under a reference the message quotes so an operator can find it.

Streamlit shows an uncaught exception, with its stack and the server's file paths, in the page.
Page scripts run inside `shown_as_message`; widget callbacks run before the script (so outside
it) and are wrapped with `guarded`.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec

import streamlit as st

from dashboard.writes import NotAnEditor
from monitors.store import StoreError
from monitors.validation import InputError

log = logging.getLogger("dashboard")
P = ParamSpec("P")
# Refusals whose own words are meant for the person who caused them.
EXPLAINED = (NotAnEditor, StoreError, InputError)


def describe(exc: Exception, doing: str) -> str:
    """The words a visitor sees for a failure while `doing` something; logs the detail."""
    if isinstance(exc, EXPLAINED):
        log.info("refused while %s: %s", doing, exc)
        return f"Could not finish {doing}: {exc}"
    reference = secrets.token_hex(4)
    log.exception("failure %s while %s", reference, doing)
    return (f"Something went wrong while {doing}, and nothing more was done. The details are in the "
            f"server's log under reference {reference}.")


@contextmanager
def shown_as_message(doing: str) -> Iterator[None]:
    """Run a part of the page; a failure in it becomes an error box (Streamlit's own control
    flow, st.rerun and st.stop, are BaseExceptions and pass through)."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the point is that nothing escapes to the visitor
        st.error(describe(exc, doing), icon=":material/error:")


def guarded(doing: str) -> Callable[[Callable[P, None]], Callable[P, None]]:
    """Wrap a widget callback so a failure in it becomes a toast, not a traceback."""
    def wrap(callback: Callable[P, None]) -> Callable[P, None]:
        @functools.wraps(callback)
        def run(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                callback(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - see shown_as_message
                st.toast(describe(exc, doing), icon=":material/error:")
        return run
    return wrap
