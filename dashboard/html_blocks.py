"""The overview's and the commitment page's headings, text, lists and tables as HTML, a few
`st.html` elements a page.

Streamlit's browser code parses Markdown into page elements on every visit and lays out each
element it is sent; on both pages, the Markdown of their lists and tables and the elements they
took were most of what the page cost beyond the dashboard's frame (docs/performance.md, sixth
and seventh rounds). HTML built here reaches the page through DOMPurify with no
parser of Streamlit's own, several sections to an element. Every piece of text is escaped here,
so typed text shows as typed; the colours are the ones Streamlit gives its own badges and
coloured words in its light and dark themes, chosen as Streamlit chooses its theme by default
(the system's setting).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.view import (FLAG_COLORS, FLAG_LABELS, STATUS_BADGE_COLORS, STATUS_ICONS, commitment_address, one_line,
                            whole_dates)

_COLOURS = {  # (text, background) in the light theme, then in the dark theme
    "green": (("#0c5a44", "#f1fbf6"), ("#7ed5b0", "#0e2f24")),
    "orange": (("#9b4519", "#fff6ed"), ("#f2a56d", "#342414")),
    "red": (("#9e303b", "#fff1f2"), ("#f2919a", "#412023")),
    "violet": (("#6f33b8", "#f8f2ff"), ("#bf8ef7", "#332244")),
    "blue": (("#244fb4", "#edf5ff"), ("#85b8f8", "#1e2a3d")),
    "gray": (("#686255", "#f5f4f2"), ("#b8b3a8", "#2c2925")),
}


def _colour_rules(theme: int) -> str:
    return "".join(f".truce-{name}{{color:{pair[theme][0]}}}.truce-badge.truce-{name}{{background:{pair[theme][1]}}}"
                   for name, pair in _COLOURS.items())


STYLE = (
    "<style>"
    ".truce-heading{font-size:28px;font-weight:600;line-height:1.2;margin:1.5rem 0 1rem}"
    ".truce-caption{font-size:14px;opacity:.7;margin:0 0 1rem}"
    ".truce-row{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:0 1rem;align-items:start}"
    ".truce-badges{margin:0 0 .75rem}"
    ".truce-table{border-collapse:collapse;margin:0 0 1rem}.truce-table.truce-wide{width:100%}"
    ".truce-table th,.truce-table td{border:1px solid #e8e5e2;padding:6px 12px;text-align:left;vertical-align:top}"
    ".truce-table th{font-weight:700}"
    ".truce-list{margin:0 0 1rem;padding-left:1.5rem}.truce-list li{margin:0 0 .25rem}"
    ".truce-list a,.truce-list a:visited{color:#244fb4}"
    ".truce-badge{display:inline-block;border-radius:4px;padding:0 4px;font-size:14px;line-height:22.4px;"
    "margin:0 .25rem .25rem 0;white-space:nowrap}"
    ".truce-icon{font-family:'Material Symbols Rounded';font-weight:400;font-style:normal;font-size:1.1em;"
    "line-height:1;vertical-align:-.15em;user-select:none}"
    ".truce-help{cursor:help;opacity:.6}"
    ".truce-text{margin:0 0 1rem;white-space:pre-wrap}"
    ".truce-quote{margin:0 0 1rem;padding:0 0 0 1rem;border-left:3px solid #d5dae5}"
    ".truce-text a,.truce-text a:visited,.truce-table a,.truce-table a:visited{color:#244fb4}"
    + _colour_rules(0)
    + "@media (prefers-color-scheme:dark){.truce-table th,.truce-table td{border-color:#3a3834}"
    ".truce-list a,.truce-list a:visited,.truce-text a,.truce-text a:visited,.truce-table a,.truce-table a:visited"
    "{color:#85b8f8}.truce-quote{border-color:#4a4d57}" + _colour_rules(1) + "}"
    "</style>"
)


class Html(str):
    """A cell of HTML built here from escaped text and fixed words, which `table` draws as is;
    `words` is what a reader sees in it, for searching the rows."""

    words: str

    def __new__(cls, markup: str, words: str) -> Html:
        made = super().__new__(cls, markup)
        made.words = words
        return made


def text(value: object) -> str:
    """Any value as escaped HTML on one line, as view.one_line reads it for a Markdown cell."""
    return html.escape(one_line(value))


def icon(name: str) -> str:
    """A Material icon by name, or by Streamlit's ':material/name:' mark; hidden from screen readers."""
    return f'<span class="truce-icon" aria-hidden="true">{html.escape(name.removeprefix(":material/").removesuffix(":"))}</span>'


def badge(colour: str, label: str, icon_name: str | None = None) -> str:
    return f'<span class="truce-badge truce-{colour}">{icon(icon_name) + " " if icon_name else ""}{text(label)}</span>'


def status_badge(status: str, label: str | None = None) -> str:
    return badge(STATUS_BADGE_COLORS[status], label or status, STATUS_ICONS[status])


def flag_badge(flag: str, label: str | None = None, icon_name: str | None = None) -> str:
    return badge(FLAG_COLORS.get(flag, "gray"), label or FLAG_LABELS.get(flag, flag), icon_name)


def status_words(status: str) -> str:
    """A status as bold words in its colour."""
    return f'<strong class="truce-{STATUS_BADGE_COLORS[status]}">{text(status)}</strong>'


def help_mark(explanation: str) -> str:
    """A question mark whose tooltip explains what stands beside it."""
    words = text(explanation)
    return f'<span class="truce-icon truce-help" title="{words}" role="img" aria-label="{words}">help</span>'


def commitment_link(commitment_id: str, label_html: str) -> str:
    """A link to a commitment at the dashboard's own address (routes.py), keeping a replay's day;
    the sign-in lasts through the browser's token."""
    return link(f"./?{urlencode(commitment_address(commitment_id))}", label_html)


def link(address: str, label_html: str) -> str:
    """A link to one of the dashboard's own addresses (built here, never typed), in a new tab."""
    return f'<a href="{html.escape(address)}" target="_blank">{label_html}</a>'


_WEB_ADDRESS = re.compile(r"^https?://", flags=re.IGNORECASE)


def external_link(url: str | None, label: str = "open") -> str:
    """A link to a source's web address, in a new tab; nothing for no address or another scheme
    (a typed `javascript:` address never becomes a link)."""
    if not url or not _WEB_ADDRESS.match(url):
        return ""
    return f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">{text(label)}</a>'


def paragraph(inner_html: str) -> str:
    """A paragraph of HTML already built; its line breaks are kept."""
    return f'<p class="truce-text">{inner_html}</p>'


def prose(words: str) -> str:
    """Text as typed, line breaks kept, dates whole: a promise or an explanation."""
    return paragraph(html.escape(whole_dates(words.strip())))


def quote(words: str) -> str:
    return f'<blockquote class="truce-quote">{text(words)}</blockquote>'


def heading(title: str) -> str:
    return f'<h3 class="truce-heading">{text(title)}</h3>'


def caption(words: str, explanation: str | None = None) -> str:
    """Small text under a heading, with a question mark explaining it when `explanation` is given."""
    return f'<p class="truce-caption">{text(words)}{" " + help_mark(explanation) if explanation else ""}</p>'


def section(name: str, body: str) -> str:
    """A named part of a block (`data-section`), so tests and readers of the page can find it."""
    return f'<div data-section="{html.escape(name)}">{body}</div>'


def side_by_side(*parts: str) -> str:
    """Parts next to each other while the page is wide enough, one below the other when not."""
    return '<div class="truce-row">' + "".join(f"<div>{part}</div>" for part in parts) + "</div>"


def bullet_list(items: Iterable[str]) -> str:
    """A list of items already in HTML."""
    return '<ul class="truce-list">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def table(frame: pd.DataFrame, drawn: Mapping[str, Callable[[Any], str]] | None = None, wide: bool = False) -> str:
    """A table, every cell escaped and on one line, except `Html` cells, drawn as built, and the
    columns `drawn` names, whose cells their function draws from fixed words (a status in its
    colour). A `wide` table spans the page, so long notes wrap instead of squeezing the rest."""
    head = "".join(f"<th>{text(c)}</th>" for c in frame.columns)
    draw = [(drawn or {}).get(c, _cell) for c in frame.columns]
    rows = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for cell, v in zip(draw, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    return (f'<table class="truce-table{" truce-wide" if wide else ""}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _cell(value: object) -> str:
    return value if isinstance(value, Html) else text(value)


def style_rules() -> None:
    """The style rules the blocks use, once a page: style-only HTML takes no room on the page."""
    st.html(STYLE)


# A long table scrolls down within this height (Streamlit advises no more than 500 px, for
# phones); one of a few rows is drawn whole.
TABLE_HEIGHT = 500
ROWS_DRAWN_WHOLE = 8


def block(key: str, *sections: str) -> None:
    """Sections of HTML as one element, in a keyed container, so tests and links can find it by name."""
    with st.container(key=key):
        st.html("".join(sections))


def table_block(key: str, frame: pd.DataFrame, columns: Mapping[str, Callable[[Any], str]] | None = None) -> None:
    """A table that wraps its text, never scrolling sideways, in a keyed container that scrolls
    down once the table is long."""
    with st.container(key=key, height=TABLE_HEIGHT if len(frame) > ROWS_DRAWN_WHOLE else "content"):
        st.html(table(frame, columns, wide=True))
