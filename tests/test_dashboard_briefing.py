"""The briefing PDF, read back as text: the counts, every framework agreed by the as-of date with
its commitments' statuses and explanations, the figures behind a measured one and the sources
cited; nothing of a framework agreed later."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from dashboard.briefing_pdf import plain, render
from monitors.briefing import build
from monitors.tracker import Tracker


def briefing_text(tracker: Tracker, day: date) -> str:
    assessments = tracker.assessments(day)
    logs: dict[str, list] = {}
    for update in tracker.store.updates(commitment_ids=[a.commitment_id for a in assessments], observed_until=day):
        logs.setdefault(update.commitment_id, []).append(update)
    pdf = render(build(tracker.catalog, assessments, logs, day))
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def words(text: str) -> str:
    return re.sub(r"\s+", " ", plain(text))


def test_the_briefing_holds_the_counts_statuses_explanations_and_sources(tracker):
    day = date(2025, 10, 21)
    text = briefing_text(tracker, day)
    assessments = tracker.assessments(day)
    counts = {s: sum(a.status == s for a in assessments) for s in ("met", "pending", "disputed")}
    assert f"Briefing as of {day.isoformat()}" in text
    assert f"Commitments: {counts['met']} met, {counts['pending']} pending, {counts['disputed']} disputed." in text
    for framework in tracker.catalog.frameworks.values():
        assert (f"{framework.name} (agreed {framework.date.isoformat()})" in text) == (framework.date <= day)
    disputed = next(a for a in assessments if a.status == "disputed")
    commitment = tracker.catalog.commitments[disputed.commitment_id]
    assert words(commitment.title) in text
    assert words(disputed.verdict.explanation)[:80] in text
    assert words(commitment.sources[0].outlet) in text
    busan = [c for c in tracker.catalog.commitments.values() if c.framework == "busan-2025"]
    assert not any(words(c.title) in text for c in busan)  # agreed only later


def test_a_measured_commitment_shows_its_figures_and_levels(tracker):
    text = briefing_text(tracker, date(2025, 12, 31))
    assert "Figures by period (t)" in text
    assert "baseline (620 t/month)" in text


def test_the_download_page_offers_the_briefing(app, tracker):
    at = app.run()
    at.switch_page("app_pages/downloads.py").run()
    assert not at.exception
    assert any(b.proto.label == "Briefing (PDF)" for b in at.main.get("download_button"))


def test_text_outside_the_pdf_font_is_spelled_out():
    assert plain("US ⇄ China: 12 → 25 MMT ★") == "US <-> China: 12 -> 25 MMT *"
    assert plain("Zhōngguó “quote” – dash") == "Zhongguó “quote” – dash"  # ō is not in Windows-1252, ó is
    assert plain("中国") == "??"


def test_a_briefing_cites_only_the_sources_published_by_its_day(tracker):
    """As the commitment page of a replay does: on 12 June 2025 the reports of 27 June on the
    chip-design software deal did not exist yet."""
    text = briefing_text(tracker, date(2025, 6, 12))
    assert words("US-China handshake in London? Negotiators inch toward deal") in text  # published 10 June
    assert words("China Confirms Trade Framework With U.S. to Lift Export") not in text  # published 27 June
