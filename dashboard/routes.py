"""Which page answers at which address, and links that open a commitment.

The dashboard's own address answers with the overview, or, given `?commitment=<id>`, with that
commitment's page, in the same run. A page opened at an address of its own (`/commitment?...`)
costs every visitor about 0.4 s more: Streamlit's browser code first looks for the server under
the page's path, is answered 404, then looks under the root (docs/performance.md). So every
link to a commitment is the root's address with `?commitment=<id>`, as alert messages always
were, and `/commitment?commitment=<id>`, the address the page had before, still opens it.

The page at the root keeps one identity (Streamlit's page hash comes from `url_path`) whichever
script it draws, so the browser's back and forward buttons, which name the page by that hash,
land on the overview or on the commitment as the address says. The overview's entry shown
beside an open commitment, and the page for the old address, are other pages of their own."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

OVERVIEW_SCRIPT = "app_pages/overview.py"
COMMITMENT_SCRIPT = "app_pages/commitment.py"
COMMITMENT_PARAM = "commitment"
ROOT_PATH = "home"  # the root page's own name, never in an address: the root answers at /
OVERVIEW_PATH = "overview"  # the overview's address while a commitment is open at the root
OLD_COMMITMENT_PATH = "commitment"  # the commitment page's address before it opened at the root
ROOT_SCRIPT_KEY = "routes-root-script"  # what answers at the root in this run, for links drawn by the pages
FIRST_RUN_KEY = "routes-session-started"  # absent on a session's first run only


def asks_for_commitment(query: Mapping[str, str]) -> bool:
    """Whether an address asks the root for a commitment's page."""
    return bool(query.get(COMMITMENT_PARAM))


def routes(query: Mapping[str, str], listing: st.Page, rest: list[st.Page]) -> list[st.Page]:
    """The pages for this run's address, in the menu's order: the overview at the root, or the
    commitment's page there, shown as the current entry after the `listing` of all commitments,
    with the overview at an address of its own; then the `rest`, and the commitment page's old
    address, not in the menu (and, on a session's first run without a commitment, the overview's
    own address)."""
    old_address = _commitment(OLD_COMMITMENT_PATH, visibility="hidden")
    if asks_for_commitment(query):
        pages = [_overview(OVERVIEW_PATH), listing, _commitment(ROOT_PATH, default=True), *rest, old_address]
    else:
        pages = [_overview(ROOT_PATH, default=True), listing, *rest, old_address]
        if FIRST_RUN_KEY not in st.session_state:
            # The overview's own address, listed beside an open commitment, opened afresh (in a new
            # tab): found, not "page not found". Later in the session the menu's Overview lands
            # on the root instead, as its address then has no commitment.
            pages.append(_overview(OVERVIEW_PATH, visibility="hidden"))
    st.session_state[FIRST_RUN_KEY] = False
    # The root comes before the old address, so a link by script path finds the root first.
    st.session_state[ROOT_SCRIPT_KEY] = COMMITMENT_SCRIPT if asks_for_commitment(query) else OVERVIEW_SCRIPT
    return pages


def _overview(url_path: str, **options: object) -> st.Page:
    return st.Page(OVERVIEW_SCRIPT, title="Overview", icon=":material/dashboard:", url_path=url_path, **options)  # type: ignore[arg-type]


def _commitment(url_path: str, **options: object) -> st.Page:
    return st.Page(COMMITMENT_SCRIPT, title="Commitment", icon=":material/description:", url_path=url_path, **options)  # type: ignore[arg-type]


def _root_script() -> str:
    return st.session_state.get(ROOT_SCRIPT_KEY, OVERVIEW_SCRIPT)


def commitment_link(label: str, icon: str, query_params: dict[str, str]) -> None:
    """A link that opens a commitment (`query_params` from view.commitment_address) at the root,
    in this tab: its address is the root's, whichever page draws the link."""
    st.page_link(_root_script(), label=label, icon=icon, query_params=query_params)


def open_commitment(query_params: dict[str, str]) -> None:
    """Open a commitment at the root now, in this run's place."""
    st.switch_page(_root_script(), query_params=query_params)
