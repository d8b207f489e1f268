"""The editor's forms: log an update (with a preview), retract one, import a CSV file.

Each widget has an error slot right under it; a FieldError from the tracker lands in the slot of
the field it names, and anything without a widget of its own lands at the top of the form.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlparse

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import data, html_blocks, routes, tables, view, writes
from dashboard.auth import User
from monitors.domain import ASSERTIONS, KINDS, SOURCE_PARTIES, TIERS, Assessment, Update
from monitors.domain import ASSERTION_WORDS, KIND_WORDS, TIER_WORDS
from monitors.duplicates import identical_update
from monitors.store import StoreError
from monitors.validation import FieldError, InputError

CONFIRMATION_KEY = "log-confirmation"
UPDATE_KEYS = {
    "commitment": "log-commitment", "observed": "log-observed", "source_party": "log-source-party",
    "source": "log-source", "url": "log-url", "asserts": "log-asserts", "value": "log-value",
    "unit": "log-unit", "new_deadline": "log-new-deadline", "note": "log-note",
    "kind": "log-kind", "period": "log-period", "new_expiry": "log-new-expiry", "tier": "log-tier",
    "allow_duplicate": "log-allow-duplicate",
}
# After a save every field but the commitment is emptied: the next update is often about the same one.
EMPTY_UPDATE_FIELDS: dict[str, object] = {
    "observed": None, "source_party": None, "source": "", "url": "", "asserts": None, "value": "", "unit": "",
    "new_deadline": None, "note": "", "kind": None, "period": "", "new_expiry": None, "tier": None,
    "allow_duplicate": False,
}
RETRACTION_CONFIRMATION_KEY = "retract-confirmation"
RETRACT_PICKER_KEY = "retract-id"
DRAFT_ID = re.compile(r"#0\b")  # the preview's draft update, which has no number yet
class ErrorSlots:
    """A keyed place under each field for its error message, plus one for the form as a whole."""

    def __init__(self, form: str):
        self.form = form
        self.slots: dict[str, DeltaGenerator] = {"": st.container(key=f"{form}-error")}

    def add(self, field: str) -> None:
        self.slots[field] = st.container(key=f"{self.form}-error-{field}")

    def summary(self, message: str) -> None:
        self.slots[""].error(message)

    def show(self, errors: list[FieldError]) -> None:
        """Messages quote what was typed, so they are escaped before Markdown sees them."""
        for error in errors:
            slot = self.slots.get(error.field)
            if slot is not None:
                slot.error(view.escape(error.message))
            else:
                self.slots[""].error(view.escape(f"{error.field}: {error.message}"))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def update_form(user: User, default_commitment: str | None) -> None:
    """The log form: Preview validates and shows the status before and after; Log stores."""
    confirmation = st.session_state.pop(CONFIRMATION_KEY, None)
    if confirmation is not None:
        _empty_update_form()
        _confirm(*confirmation)
    catalog = data.catalog()
    ids = list(catalog.commitments)
    with st.form("log-update"):
        slots = ErrorSlots("log")
        commitment = st.selectbox(
            "Commitment", ids, key=UPDATE_KEYS["commitment"], placeholder="Choose a commitment",
            index=ids.index(default_commitment) if default_commitment in ids else None,
            format_func=lambda i: f"{catalog.commitments[i].title} ({i})",
        )
        slots.add("commitment")
        observed = st.date_input("Observed on", value=None, key=UPDATE_KEYS["observed"], format="YYYY-MM-DD",
                                 help="The date the fact refers to, not when it was published or logged.")
        slots.add("observed")
        source_party = st.selectbox("Who is speaking", SOURCE_PARTIES, index=None, key=UPDATE_KEYS["source_party"],
                                    format_func=view.party, placeholder="US government, Chinese government or independent")
        slots.add("source_party")
        source = st.text_input("Source name", key=UPDATE_KEYS["source"], help="Outlet, agency or dataset, e.g. 'Reuters'.")
        slots.add("source")
        url = st.text_input("Source URL", key=UPDATE_KEYS["url"], placeholder="https://...")
        slots.add("url")
        asserts = st.radio("It says the commitment is", ASSERTIONS, index=None, key=UPDATE_KEYS["asserts"],
                           format_func=ASSERTION_WORDS.get, horizontal=True)
        slots.add("asserts")
        kind = st.radio("What it is", KINDS, index=None, key=UPDATE_KEYS["kind"], format_func=KIND_WORDS.get,
                        horizontal=True,
                        help="An act (an order, a notice, a shipment) or a figure establishes what happened; a "
                             "statement is a claim and alone never makes a commitment met. Unset: a figure when a "
                             "value is given, else a statement.")
        slots.add("kind")
        value_column, unit_column = st.columns(2)
        with value_column:
            value = st.text_input("Measured value (optional)", key=UPDATE_KEYS["value"], help="A tariff rate, tonnes shipped.")
            slots.add("value")
        with unit_column:
            unit = st.text_input("Unit", key=UPDATE_KEYS["unit"], help="% for tariff rates, t for tonnes.")
            slots.add("unit")
        period = st.text_input("Period the figure covers (optional)", key=UPDATE_KEYS["period"],
                               help="e.g. 2025-07 for a monthly figure.")
        slots.add("period")
        new_deadline = st.date_input("New deadline (optional)", value=None, key=UPDATE_KEYS["new_deadline"],
                                     format="YYYY-MM-DD", help="Only when this update extends the deadline.")
        slots.add("new_deadline")
        new_expiry = st.date_input("New expiry (optional)", value=None, key=UPDATE_KEYS["new_expiry"],
                                   format="YYYY-MM-DD", help="Only when this update renews the commitment.")
        slots.add("new_expiry")
        tier = st.selectbox("How well supported", TIERS, index=None, key=UPDATE_KEYS["tier"],
                            format_func=TIER_WORDS.get, placeholder="Confirmed, single source or uncertain (optional)")
        slots.add("tier")
        note = st.text_area("Note or short quote", key=UPDATE_KEYS["note"])
        slots.add("note")
        allow_duplicate = st.checkbox("Store it even if an identical update is already logged", key=UPDATE_KEYS["allow_duplicate"],
                                      help="The log is append-only: a duplicate can only be withdrawn by a retraction.")
        slots.add("duplicate")
        with st.container(horizontal=True):
            preview = st.form_submit_button("Preview", key="log-preview")
            submit = st.form_submit_button("Log update", key="log-submit", type="primary")
    if not (preview or submit):
        return
    fields: Mapping[str, str | None] = {
        "commitment": commitment, "observed": _iso(observed), "source_party": source_party, "source": source,
        "url": url, "asserts": asserts, "kind": kind, "value": value, "unit": unit, "period": period,
        "new_deadline": _iso(new_deadline), "new_expiry": _iso(new_expiry), "tier": tier, "note": note,
    }
    tracker = data.tracker()
    try:
        new_update = tracker.validate(fields, by=user.name)
        before, after = tracker.preview(new_update)
        same = identical_update(new_update, data.commitment_updates(new_update.commitment_id))
        if same is not None and not (submit and allow_duplicate):
            slots.slots["duplicate"].warning(view.escape(
                f"Update #{same.id}, logged by {same.logged_by}, already says exactly this. "
                + ("Nothing was stored: tick the box above to store it anyway." if submit else "Logging it would store a duplicate.")
            ), icon=":material/content_copy:")
            if submit:
                return
        if submit:
            update_id = writes.log_update(user, new_update)
    except InputError as exc:
        slots.show(exc.errors)
        slots.summary("Nothing was stored: correct the fields marked below." if submit else "Correct the fields marked below.")
        return
    if preview:
        _show_change(before, after)
        return
    st.session_state[CONFIRMATION_KEY] = (update_id, before, after)
    st.rerun()


def _empty_update_form() -> None:
    """Empty the fields through session state before they are drawn: only a value set that way
    is sent to the browser, which otherwise keeps showing what was typed (dropping the keys
    emptied the fields on the server alone)."""
    for field, empty in EMPTY_UPDATE_FIELDS.items():
        st.session_state[UPDATE_KEYS[field]] = empty


def _show_change(before: Assessment, after: Assessment) -> None:
    with st.container(key="log-preview-result", border=True):
        columns = st.columns(2)
        with columns[0]:
            st.markdown("**Status now**")
            view.status_badges(before)
        with columns[1]:
            st.markdown("**With this update**")
            view.status_badges(after)
        if before.status == after.status:
            st.caption("The status would not change.")
        st.text(DRAFT_ID.sub("this update", after.verdict.explanation))


def _confirm(update_id: int, before: Assessment, after: Assessment) -> None:
    title = data.catalog().commitments[after.commitment_id].title
    with st.container(key="log-confirmation"):
        st.success(f"Logged update #{update_id}. {view.escape(title)}: {before.status} → {after.status}.")
        routes.commitment_link("Open the commitment", ":material/arrow_forward:", view.commitment_address(after.commitment_id))


def retraction_form(user: User, default_commitment: str | None) -> None:
    """Withdraw an update with a reason, starting from the commitment and its evidence. The
    update is picked outside any form, so that choosing it reruns the page and shows it in full;
    only the confirm button stores the retraction. The update stays in the log, marked."""
    retracted = st.session_state.pop(RETRACTION_CONFIRMATION_KEY, None)
    if retracted is not None:
        st.session_state[RETRACT_PICKER_KEY] = None  # set before the picker is drawn, so the browser clears it too
        with st.container(key=RETRACTION_CONFIRMATION_KEY):
            st.success(retracted)
    catalog = data.catalog()
    ids = list(catalog.commitments)
    commitment_id = st.selectbox(
        "Retract evidence of the commitment", ids, key="retract-commitment", index=ids.index(default_commitment) if default_commitment in ids else None,
        format_func=lambda i: f"{catalog.commitments[i].title} ({i})", placeholder="Choose the commitment first",
    )
    if commitment_id is None:
        st.caption("Its updates still in force are then listed, newest first, to choose the one to withdraw.")
        return
    in_force = sorted((u for u in data.commitment_updates(commitment_id) if not u.retracted),
                      key=lambda u: (u.observed, u.id), reverse=True)
    if not in_force:
        st.info("This commitment has no update in force to retract.")
        return
    by_id = {u.id: u for u in in_force}
    slots = ErrorSlots("retract")
    update_id = st.selectbox("Update to withdraw", list(by_id), index=None, key=RETRACT_PICKER_KEY,
                             format_func=lambda i: _update_label(by_id[i]), placeholder="Choose an update to see it in full")
    slots.add("update_id")
    if update_id is None:
        return
    html_blocks.style_rules()
    with st.container(key="retract-chosen", border=True):
        st.markdown("**The update you chose**")
        st.html(_update_details(by_id[update_id]))
    with st.form("retract"):
        reason = st.text_area("Reason", key="retract-reason", help="Why the update is withdrawn; kept with it.")
        slots.add("reason")
        submitted = st.form_submit_button(f"Retract update #{update_id}", key="retract-submit", type="primary")
    if not submitted:
        return
    try:
        retraction = writes.retract(user, update_id, reason)
    except InputError as exc:
        slots.show(exc.errors)
        return
    except StoreError as exc:
        slots.show([FieldError(exc.field, exc.message)])
        return
    st.session_state[RETRACTION_CONFIRMATION_KEY] = (
        f"Retracted update #{retraction.update_id} (retraction #{retraction.id}); it stays in the log, marked.")
    st.rerun()


def _update_label(update: Update) -> str:
    """One line to recognise an update by in a list (shown as plain text by the select box)."""
    what = ASSERTION_WORDS.get(update.asserts, update.asserts)
    value = f", {tables.figure_text(update)}" if update.value is not None else ""
    return f"#{update.id} · {update.observed.isoformat()} · {view.party(update.source_party)}: {update.source} · says {what}{value}"


def _update_details(update: Update) -> str:
    """The update in the log form's words, as HTML with everything typed escaped, so the editor
    sees what they are about to withdraw."""
    kind = KIND_WORDS.get(update.kind, update.kind)
    what = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    if update.value is not None:
        what += f", {tables.figure_text(update)}"
    if update.period:
        what += f" for {update.period.label()}"
    source = update.source + (f" ({TIER_WORDS.get(update.tier, update.tier)})" if update.tier else "")
    link = html_blocks.external_link(update.url, urlparse(update.url).netloc or update.url) if update.url else ""
    items = [
        ("Observed on", html_blocks.text(update.observed.isoformat())),
        ("Who is speaking", html_blocks.text(view.party(update.source_party))),
        ("Source", html_blocks.text(source)),
        ("Link", link),
        ("It says the commitment is", html_blocks.text(ASSERTION_WORDS.get(update.asserts, update.asserts))),
        ("What it is", html_blocks.text(what)),
        ("New deadline", html_blocks.text(_iso(update.new_deadline) or "")),
        ("New expiry", html_blocks.text(_iso(update.new_expiry) or "")),
        ("Note", html_blocks.text(update.note or "")),
        ("Logged by", html_blocks.text(f"{update.logged_by} on {update.logged_at.date().isoformat()}, as update #{update.id}")),
    ]
    return html_blocks.bullet_list(f"<strong>{label}:</strong> {shown}" for label, shown in items if shown)


TEMPLATE_ROWS = [
    # A header with every column `python -m monitors import` reads, and one example row a user overwrites.
    ["commitment", "observed", "source_party", "source", "url", "asserts", "kind", "value", "unit", "period",
     "new_deadline", "new_expiry", "tier", "note"],
    ["london-cn-export-licences", "2025-07-20", "independent", "China customs data (reported by Reuters)",
     "https://www.reuters.com/", "progress", "data", "353", "t", "2025-06", "", "", "confirmed",
     "June 2025 magnet exports to the US"],
]


def import_template() -> str:
    """The import's template CSV: every column, required ones first, and one example row."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(TEMPLATE_ROWS)
    return out.getvalue()


def import_progress(name: str, done: int, total: int) -> tuple[float, str]:
    """The import bar's share and words after `done` of `total` bytes have been checked; at
    the end the rows are still being stored, and nothing is kept unless every one is valid."""
    share = min(done / total, 1.0) if total > 0 else 1.0
    if share >= 1.0:
        return 1.0, f"Checked all of {view.escape(name)} ({_megabytes(total)}); storing it..."
    return share, (f"Checking and storing {view.escape(name)}: {done / 1e6:.1f} of {_megabytes(total)}, "
                   "all or nothing...")


def import_step(name: str, total: int, what: str) -> str:
    """The import bar's words during a step after the last row (storing, building the indexes,
    updating the statuses), which would otherwise sit at 100% saying nothing."""
    return f"Checked all of {view.escape(name)} ({_megabytes(total)}); {what}..."


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def import_form(user: User) -> None:
    """Append a CSV file of updates (the columns of `python -m monitors import`), all or nothing.
    Problems are reported by line as a spreadsheet numbers them: the header is line 1."""
    st.download_button("Download a template CSV", import_template(), "truce-import-template.csv", "text/csv",
                       key="import-template", icon=":material/download:", on_click="ignore",
                       help="Required columns: commitment, observed, source_party, source and asserts; the others may stay empty.")
    with st.form("import"):
        slots = ErrorSlots("import")
        upload = st.file_uploader("CSV file", type=["csv"], key="import-file",
                                  help="The template's columns: commitment, observed, source_party, source, url, asserts, "
                                       "kind, value, unit, period, new_deadline, new_expiry, tier, note.")
        slots.add("file")
        submitted = st.form_submit_button("Import", key="import-submit", type="primary")
    if not submitted:
        return
    if upload is None:
        slots.show([FieldError("file", "choose a CSV file first")])
        return
    bar = st.progress(0.0, text=import_progress(upload.name, 0, upload.size)[1])

    def show(done: int) -> None:
        share, words = import_progress(upload.name, done, upload.size)
        bar.progress(share, text=words)

    def step(what: str) -> None:
        bar.progress(1.0, text=import_step(upload.name, upload.size, what))

    try:
        imported = writes.import_csv(user, upload, name=upload.name, progress=show, stage=step)
    except InputError as exc:
        bar.empty()
        st.error(f"Nothing was imported: {len(exc.errors)} problem(s) found. Lines are numbered as in a spreadsheet, the header being line 1.")
        report = pd.DataFrame(
            [{"line": "" if e.line is None else str(e.line), "field": e.field, "problem": e.message} for e in exc.errors],
            columns=["line", "field", "problem"],
        )
        view.markdown_table("import-errors", report)
        return
    bar.progress(1.0, text=f"Stored all of {view.escape(upload.name)} ({_megabytes(upload.size)}).")
    st.success(f"Imported {imported.count} updates: #{imported.first_id} to #{imported.last_id}.")
