"""Altair charts built from change points and aggregates (never one row per update), so what
goes to the browser stays small however long the log grows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import altair as alt
import pandas as pd

from monitors.catalog import Catalog
from monitors.domain import Assessment
from monitors.judging.history import EvidenceCount, Measurement, StatusSpan, Target

STATUS_COLORS = {"met": "#2e7d32", "pending": "#f2a900", "disputed": "#c62828"}
ASSERTION_COLORS = {"met": "#2e7d32", "progress": "#f2a900", "not_met": "#c62828"}
PARTY_LABELS = {"us": "US government", "cn": "Chinese government", "independent": "Independent"}


def _scale(colors: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colors), range=list(colors.values()))


def _as_of_rule(as_of: date) -> alt.Chart:
    frame = pd.DataFrame({"as_of": [pd.Timestamp(as_of)], "label": [f"as of {as_of.isoformat()}"]})
    return alt.Chart(frame).mark_rule(color="#1565c0", strokeDash=[4, 3]).encode(
        x="as_of:T", tooltip=alt.Tooltip("label:N", title="")
    )


def status_timeline(
    catalog: Catalog, spans: Sequence[StatusSpan], assessments: Sequence[Assessment], as_of: date
) -> alt.LayerChart:
    """One row per commitment in `spans` or `assessments` (in catalog order), coloured by status
    over time, with framework dates and every deadline (as written and as extended) known on `as_of`."""
    drawn = {s.commitment_id for s in spans} | {a.commitment_id for a in assessments}
    titles = {c.id: c.title for c in catalog.commitments.values() if c.id in drawn}
    order = list(titles.values())
    bars = pd.DataFrame(
        {
            "commitment": [titles[s.commitment_id] for s in spans],
            "start": [pd.Timestamp(s.start) for s in spans],
            "end": [pd.Timestamp(s.end) for s in spans],
            "status": [s.status for s in spans],
            "flags": [", ".join(s.flags) for s in spans],
        }
    )
    agreed = [f for f in catalog.frameworks.values() if f.date <= as_of]  # a later one did not exist yet
    frameworks = pd.DataFrame(
        {
            "date": [pd.Timestamp(f.date) for f in agreed],
            "name": [f.name for f in agreed],
            "label_y": [-6 - 13 * i for i in range(len(agreed))],
        }
    )
    deadlines = pd.DataFrame(
        [
            {
                "commitment": titles[a.commitment_id],
                "deadline": pd.Timestamp(d.deadline),
                "kind": "as written" if d.version == 0 else f"extended by #{d.set_by}",
            }
            for a in assessments
            for d in a.deadlines
        ],
        columns=["commitment", "deadline", "kind"],
    )
    days = [*bars["start"], *bars["end"], *deadlines["deadline"], *frameworks["date"]]
    first, last = min(days), max(days) + pd.Timedelta(days=3)
    domain = [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in (first, last)]
    y = alt.Y("commitment:N", sort=order, title=None, axis=alt.Axis(labelLimit=340, labelOverlap=False))
    status_bars = alt.Chart(bars).mark_bar(height=16).encode(
        x=alt.X("start:T", title=None, scale=alt.Scale(domain=domain), axis=alt.Axis(format="%b %Y", tickCount="month")),
        x2="end:T",
        y=y,
        color=alt.Color("status:N", scale=_scale(STATUS_COLORS), legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["commitment:N", "status:N", "flags:N", alt.Tooltip("start:T", title="from"), alt.Tooltip("end:T", title="until")],
    )
    framework_rules = alt.Chart(frameworks).mark_rule(color="#555", strokeWidth=1).encode(
        x="date:T", tooltip=["name:N", alt.Tooltip("date:T", title="agreed")]
    )
    framework_labels = alt.Chart(frameworks).mark_text(align="left", dx=3, baseline="bottom", color="#555").encode(
        x="date:T", y=alt.Y("label_y:Q", scale=None), text="name:N"
    )
    deadline_marks = alt.Chart(deadlines).mark_point(filled=True, color="#222", size=50).encode(
        x="deadline:T",
        y=y,
        shape=alt.Shape("kind:N", legend=None),
        tooltip=["commitment:N", "deadline:T", alt.Tooltip("kind:N", title="deadline")],
    )
    layers = [status_bars, framework_rules, framework_labels, deadline_marks, _as_of_rule(as_of)]
    return alt.layer(*layers).properties(height=alt.Step(26))


def evidence_chart(counts: Sequence[EvidenceCount]) -> alt.Chart:
    """Who said what, when: one mark per (day, source party, assertion), sized by how many."""
    frame = pd.DataFrame(
        {
            "observed": [pd.Timestamp(c.observed) for c in counts],
            "period": ["day" if c.days == 1 else "week from" for c in counts],
            "source": [PARTY_LABELS[c.source_party] for c in counts],
            "asserts": [c.asserts for c in counts],
            "updates": [c.count for c in counts],
        }
    )
    points = alt.Chart(frame).mark_circle(opacity=0.85).encode(
        x=alt.X("observed:T", title="observed", axis=alt.Axis(format="%d %b %Y")),
        y=alt.Y("source:N", title=None, scale=alt.Scale(domain=list(PARTY_LABELS.values()))),
        color=alt.Color("asserts:N", scale=_scale(ASSERTION_COLORS), legend=alt.Legend(orient="top", title=None)),
        size=alt.Size("updates:Q", legend=None, scale=alt.Scale(range=[60, 400])),
        tooltip=["period:N", "observed:T", "source:N", "asserts:N", "updates:Q"],
    )
    return points.properties(height=alt.Step(44))


def measured_chart(series: Sequence[Measurement], levels: Sequence[Target], unit: str) -> alt.LayerChart:
    """The measured values per source party against the levels the commitment is judged by."""
    frame = pd.DataFrame(
        {
            "observed": [pd.Timestamp(m.observed) for m in series],
            "period": ["day" if m.days == 1 else "week from (mean)" for m in series],
            "source": [PARTY_LABELS[m.source_party] for m in series],
            "value": [m.value for m in series],
            "reports": [m.count for m in series],
        }
    )
    reference = pd.DataFrame({"level": [t.label for t in levels], "value": [t.value for t in levels]})
    lines = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("observed:T", title="observed", axis=alt.Axis(format="%d %b %Y")),
        y=alt.Y("value:Q", title=f"measured ({unit})"),
        color=alt.Color("source:N", title=None, legend=alt.Legend(orient="top")),
        tooltip=["period:N", "observed:T", "source:N", alt.Tooltip("value:Q", format=",.4~g"), "reports:Q"],
    )
    rules = alt.Chart(reference).mark_rule(strokeDash=[6, 3], color="#555").encode(y="value:Q", tooltip=["level:N", "value:Q"])
    labels = alt.Chart(reference).mark_text(align="left", dx=4, dy=-6, color="#555").encode(
        y="value:Q", x=alt.value(0), text="level:N"
    )
    return alt.layer(lines, rules, labels).properties(height=260)
