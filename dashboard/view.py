"""Small drawing helpers the pages share: the as-of date, status labels and safe text."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data
from monitors.briefing import FLAG_WORDS
from monitors.domain import PARTY_NAMES, Assessment

AS_OF_KEY = "as_of"
COMMITMENT_KEY = "commitment"  # the commitment page's choice, also its query parameter (routes.py)
STATUS_ICONS = {"met": ":material/check_circle:", "pending": ":material/schedule:", "disputed": ":material/error:"}
STATUS_BADGE_COLORS = {"met": "green", "pending": "orange", "disputed": "red"}
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-!|~<>$=&])")
# Streamlit turns ':name:' into icons and bare addresses into links after Markdown escapes are
# read; an invisible word joiner after these marks stops both. Unlike a zero-width space it is
# no place to break a line, so "29.5%" or "News.net" never wraps at the dot.
_LINK_AND_ICON_MARKS = re.compile(r"([:.@])")
# Flags that call for action are as loud as "overdue"; those that only inform are quiet.
FLAG_COLORS = {
    "overdue": "red", "lapsed": "red", "stale": "orange", "expiring": "orange", "due_soon": "orange",
    "ended": "violet", "extended": "blue", "superseded": "blue",
}
FLAG_LABELS = FLAG_WORDS


# A browser breaks "2025-06-10" at a hyphen when a line or a table column is squeezed, and a date
# cut in two is misread. A word joiner after each hyphen keeps it whole. It is invisible, and needs no
# element of its own: a style rule would, and that element's JavaScript would cost every visitor's
# browser on every page (docs/performance.md).
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def whole_dates(text: str) -> str:
    """The text with each ISO date in it kept on one line."""
    return _ISO_DAY.sub("\\1-\u2060\\2-\u2060\\3", text)


def on_one_line(text: str) -> str:
    """Short text kept on one line, as a date is: no-break spaces, and a word joiner after each
    hyphen ("#48 by shipped-data" was cut at its hyphen)."""
    return text.replace(" ", "\u00a0").replace("-", "-\u2060")


# Streamlit's date field applies a typed date only when its calendar closes (Escape, or a click
# elsewhere): Enter does nothing, so a date typed and entered looks taken but is not. In the
# sidebar's as-of field, Enter closes the calendar as Escape does, which applies the date.
# Installed once per browser tab; fixed text, no user input.
AS_OF_ENTER_SCRIPT = """<script>
if (!window.truceAsOfEnter) {
  window.truceAsOfEnter = true;
  document.addEventListener("keydown", (event) => {
    const field = event.key === "Enter" && event.target.closest
      && event.target.closest("[data-testid='stSidebar'] [data-testid='stDateInputField']");
    if (!field) return;
    event.preventDefault();
    event.stopPropagation();
    event.target.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", code: "Escape", bubbles: true, cancelable: true}));
  }, true);
}
</script>"""


def as_of_enter_applies() -> None:
    """Make Enter apply a date typed in the sidebar's as-of field (AS_OF_ENTER_SCRIPT)."""
    st.html(AS_OF_ENTER_SCRIPT, unsafe_allow_javascript=True)


def escape(text: str) -> str:
    """Text typed by someone, made safe for the elements that render Markdown (alerts, captions,
    Markdown tables, page-link labels), so that it shows as typed: no emphasis, links, images,
    HTML, character references or icons."""
    return _LINK_AND_ICON_MARKS.sub("\\1\u2060", _MARKDOWN_PUNCTUATION.sub(r"\\\1", text))


def as_of() -> date:
    """The date the whole dashboard is replayed at (the sidebar's control; today by default)."""
    chosen = st.session_state.get(AS_OF_KEY)
    return chosen if isinstance(chosen, date) else data.today()


def commitment_address(commitment_id: str) -> dict[str, str]:
    """The query string of a commitment's page, with the as-of date when it is a replay, so a link
    (or a copied address) opens the same view."""
    params = {COMMITMENT_KEY: commitment_id}
    if as_of() != data.today():
        params["as_of"] = as_of().isoformat()
    return params


def status_badges(assessment: Assessment) -> None:
    """The status and its flags as coloured badges on one line (fixed words, never user text)."""
    color = STATUS_BADGE_COLORS[assessment.status]
    badges = [f":{color}-badge[{STATUS_ICONS[assessment.status]} {assessment.status}]"]
    badges += [flag_badge(flag) for flag in assessment.flags]
    st.markdown(" ".join(badges))


def flag_badge(flag: str) -> str:
    return f":{FLAG_COLORS.get(flag, 'gray')}-badge[{FLAG_LABELS.get(flag, flag)}]"


def age_text(day: date, as_of: date) -> str:
    """How old evidence observed on `day` is on `as_of`, in words a reader takes in at once:
    'today', '12 days old', 'about 16 months old'."""
    days = (as_of - day).days
    if days <= 0:
        return "0 days old" if days == 0 else "after the as-of date"
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''} old"
    months = round(days / 30.44)
    if months < 24:
        return f"about {months} months old"
    return f"about {days / 365.25:.0f} years old"


def evidence_freshness(latest: date | None, as_of: date) -> str:
    """'newest evidence 2025-10-30 (32 days old)', or that there is none yet."""
    if latest is None:
        return "no evidence logged yet"
    return whole_dates(f"newest evidence {latest.isoformat()} ({age_text(latest, as_of)})")


def flags_text(flags: tuple[str, ...] | list[str]) -> str:
    return ", ".join(FLAG_LABELS.get(f, f) for f in flags)


def party(name: str) -> str:
    return PARTY_NAMES.get(name, name)


def amount(value: float, unit: str, space: str = "\u00a0") -> str:
    """A figure with its unit as the pages write it: '10%', '656 t'. The no-break space keeps it
    on one line in a narrow column; a chart's text, which never wraps, passes a plain one."""
    return f"{value:g}%" if unit == "%" else f"{value:g}{space}{unit}"


def days_text(days_left: int | None) -> str:
    """A countdown in words: 'in 3 days', 'today', '12 days ago'."""
    if days_left is None:
        return ""
    if days_left == 0:
        return "today"
    if days_left > 0:
        return f"in {days_left} day{'s' if days_left != 1 else ''}"
    return f"{-days_left} day{'s' if days_left != -1 else ''} ago"


def table(key: str, frame: pd.DataFrame, **options: Any) -> None:
    """A read-only table in a keyed container, so tests and links can find it by name."""
    with st.container(key=key):
        st.dataframe(frame, hide_index=True, **options)


def markdown_table(key: str, frame: pd.DataFrame) -> None:
    """A small table drawn as Markdown, the element every page already loads: far cheaper for the
    browser than a grid or an Arrow table. Every cell is escaped and kept on one line, so typed
    text shows as typed, and its dates are kept whole."""
    header = [escape(str(c)) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    with st.container(key=key):
        st.markdown("\n".join(lines))


_RUNS_OF_SPACE = re.compile(r"[^\S\u00a0]+")  # line breaks and spaces, but not a no-break space


def one_line(value: object) -> str:
    """A table cell's value as one line of text, not yet escaped: missing values (None, NaN, NA)
    as nothing, each run of spaces and line breaks as one space, dates kept whole."""
    text = "" if pd.isna(value) else str(value)  # type: ignore[call-overload]
    return whole_dates(_RUNS_OF_SPACE.sub(" ", text).strip())


def _cell(value: object) -> str:
    """A value on one escaped line; an empty cell keeps its place."""
    return escape(one_line(value)) or " "


def chart(key: str, figure: alt.TopLevelMixin) -> None:
    """An Altair chart in a keyed container, for the same reason as `table`."""
    with st.container(key=key):
        st.altair_chart(figure)
