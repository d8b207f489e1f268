"""The overview's headings, lists and tables as HTML, a few `st.html` elements for the whole page.

Streamlit's browser code parses Markdown into page elements on every visit and lays out each
element it is sent; for the overview, the Markdown of its lists and tables and the thirty-odd
elements they took were most of what the page cost beyond the dashboard's frame
(docs/performance.md, sixth round). HTML built here reaches the page through DOMPurify with no
parser of Streamlit's own, several sections to an element. Every piece of text is escaped here,
so typed text shows as typed; the colours are the ones Streamlit gives its own badges and
coloured words in its light and dark themes, chosen as Streamlit chooses its theme by default
(the system's setting).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.view import FLAG_COLORS, FLAG_LABELS, STATUS_BADGE_COLORS, STATUS_ICONS, one_line

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
    ".truce-table{border-collapse:collapse;margin:0 0 1rem}"
    ".truce-table th,.truce-table td{border:1px solid #e8e5e2;padding:6px 12px;text-align:left;vertical-align:top}"
    ".truce-table th{font-weight:700}"
    ".truce-list{margin:0 0 1rem;padding-left:1.5rem}.truce-list li{margin:0 0 .25rem}"
    ".truce-list a,.truce-list a:visited{color:#244fb4}"
    ".truce-badge{display:inline-block;border-radius:4px;padding:0 4px;font-size:14px;line-height:22.4px;"
    "margin:0 .25rem .25rem 0;white-space:nowrap}"
    ".truce-icon{font-family:'Material Symbols Rounded';font-weight:400;font-style:normal;font-size:1.1em;"
    "line-height:1;vertical-align:-.15em;user-select:none}"
    ".truce-help{cursor:help;opacity:.6}"
    + _colour_rules(0)
    + "@media (prefers-color-scheme:dark){.truce-table th,.truce-table td{border-color:#3a3834}"
    ".truce-list a,.truce-list a:visited{color:#85b8f8}" + _colour_rules(1) + "}"
    "</style>"
)

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


def link(address: str, label_html: str) -> str:
    """A link to one of the dashboard's own addresses (built here, never typed), in a new tab."""
    return f'<a href="{html.escape(address)}" target="_blank">{label_html}</a>'


def heading(title: str) -> str:
    return f'<h3 class="truce-heading">{text(title)}</h3>'


def caption(words: str) -> str:
    return f'<p class="truce-caption">{text(words)}</p>'


def section(name: str, body: str) -> str:
    """A named part of a block (`data-section`), so tests and readers of the page can find it."""
    return f'<div data-section="{html.escape(name)}">{body}</div>'


def side_by_side(*parts: str) -> str:
    """Parts next to each other while the page is wide enough, one below the other when not."""
    return '<div class="truce-row">' + "".join(f"<div>{part}</div>" for part in parts) + "</div>"


def bullet_list(items: Iterable[str]) -> str:
    """A list of items already in HTML."""
    return '<ul class="truce-list">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def table(frame: pd.DataFrame, drawn: Mapping[str, Callable[[Any], str]] | None = None) -> str:
    """A small table, every cell escaped and on one line, except the columns `drawn` names, whose
    cells their function draws from fixed words (a status in its colour)."""
    head = "".join(f"<th>{text(c)}</th>" for c in frame.columns)
    draw = [(drawn or {}).get(c, text) for c in frame.columns]
    rows = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for cell, v in zip(draw, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f'<table class="truce-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def style_rules() -> None:
    """The style rules the blocks use, once a page: style-only HTML takes no room on the page."""
    st.html(STYLE)


def block(key: str, *sections: str) -> None:
    """Sections of HTML as one element, in a keyed container, so tests and links can find it by name."""
    with st.container(key=key):
        st.html("".join(sections))
