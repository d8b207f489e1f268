"""Altair charts built from change points and aggregates (never one row per update), so what
goes to the browser stays small however long the log grows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from typing import NamedTuple

import altair as alt
import pandas as pd

from dashboard.view import FLAG_LABELS, amount
from monitors import figures
from monitors.catalog import Catalog, Commitment, PurchaseCheck, TariffCheck
from monitors.domain import ASSERTION_WORDS, Assessment, Update
from monitors.figures import PeriodFigure, RateStep, WindowProgress
from monitors.judging import history
from monitors.judging.history import EvidenceCount, StatusSpan, Target

PANEL_WIDTH = 360  # two windows side by side fit the page at 1400 px
MAX_PERIODS = 36  # bars a reader can still tell apart; three years of monthly figures
STATUS_COLORS = {"met": "#2e7d32", "pending": "#f2a900", "disputed": "#c62828"}
# Overdue in a hue of its own: the orange-red it had was hard to tell from disputed's red.
STATE_COLORS = {**STATUS_COLORS, "pending, overdue": "#6a1b9a", "lapsed": "#8d6e63", "ended": "#9e9e9e"}
# Flags that leave a timeline bar's colour alone, each a strip of its colour beside the bar (its
# offset in pixels from the bar's middle): above while a term expires soon, below while figures are late.
TIMELINE_STRIPS = {"expiring": ("#1976d2", -10), "stale": ("#212121", 10)}
TIMELINE_LABEL_CHARACTERS = 62
ASSERTION_COLORS = {"met": "#2e7d32", "progress": "#f2a900", "not_met": "#c62828"}
PARTY_LABELS = {"us": "US government", "cn": "Chinese government", "independent": "Independent sources"}
PARTY_COLORS = {"US government": "#1f5fbf", "Chinese government": "#d1495b", "Independent sources": "#6b6b6b"}
LEVEL_COLOR = "#555"
COMMITTED_COLOR = "#111"  # no party's colour, so the committed rate never passes for a series
COMMITTED_DASH = [6, 4]


class SeriesStyle(NamedTuple):
    """How one party's series is drawn: line width, point shape and point area."""

    width: float
    shape: str
    size: float


# A party's figures often equal another's (a government's and independent sources'): each party
# is drawn inside the one before it, a thinner line and a smaller point of its own shape, so
# every series still shows on a shared value without being moved off it.
SERIES_STYLES = {
    "US government": SeriesStyle(7, "circle", 200),
    "Chinese government": SeriesStyle(4.5, "square", 110),
    "Independent sources": SeriesStyle(3, "diamond", 55),
}


def _party_color(parties: Sequence[str]) -> alt.Color:
    """Colour by who reported, the legend naming only those who did."""
    shown = {p: c for p, c in PARTY_COLORS.items() if p in parties}
    return alt.Color("source:N", title="Reported by", scale=_scale(shown), legend=alt.Legend(orient="top"))


def _told(value: float, unit: str) -> str:
    """A value with its unit in a tooltip or label, as the evidence table writes it: 10%, 656 t."""
    return amount(value, unit, " ")


def _scale(colors: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colors), range=list(colors.values()))


def _as_of_rule(as_of: date) -> alt.Chart:
    frame = pd.DataFrame({"as_of": [pd.Timestamp(as_of)], "label": [f"as of {as_of.isoformat()}"]})
    return alt.Chart(frame).mark_rule(color="#1565c0", strokeDash=[4, 3]).encode(
        x="as_of:T", tooltip=alt.Tooltip("label:N", title="")
    )


def short_title(title: str, limit: int = TIMELINE_LABEL_CHARACTERS) -> str:
    """A title that fits the timeline's labels, cut at a word with an ellipsis, never inside one."""
    if len(title) <= limit:
        return title
    cut = title[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def timeline_state(status: str, flags: Sequence[str]) -> str:
    """What a timeline bar's colour says: the status, with overdue, lapsed and ended set apart so
    a broken deadline or a moot promise is as visible as a dispute."""
    if "ended" in flags:
        return "ended"
    if "lapsed" in flags:
        return "lapsed"
    if "overdue" in flags:
        return "pending, overdue"
    return status


def status_timeline(
    catalog: Catalog, spans: Sequence[StatusSpan], assessments: Sequence[Assessment], as_of: date
) -> alt.LayerChart:
    """One row per commitment in `spans` or `assessments` (in catalog order), coloured by status
    over time, with strips while it is expiring or stale, framework dates and every deadline (as
    written and as extended) known on `as_of`."""
    drawn = {s.commitment_id for s in spans} | {a.commitment_id for a in assessments}
    titles = {c.id: short_title(c.title) for c in catalog.commitments.values() if c.id in drawn}
    full_titles = {c.id: c.title for c in catalog.commitments.values() if c.id in drawn}
    order = list(titles.values())
    bars = pd.DataFrame(
        {
            "commitment": [titles[s.commitment_id] for s in spans],
            "start": [pd.Timestamp(s.start) for s in spans],
            "end": [pd.Timestamp(s.end) for s in spans],
            "status": [s.status for s in spans],
            "state": [timeline_state(s.status, s.flags) for s in spans],
            "title": [full_titles[s.commitment_id] for s in spans],
            "flags": [", ".join(FLAG_LABELS.get(f, f) for f in s.flags) for s in spans],
        }
    )
    strips = pd.DataFrame(
        [
            {"commitment": titles[s.commitment_id], "start": pd.Timestamp(s.start), "end": pd.Timestamp(s.end),
             "title": full_titles[s.commitment_id], "flag": FLAG_LABELS[flag]}
            for s in spans
            for flag in TIMELINE_STRIPS
            if flag in s.flags
        ],
        columns=["commitment", "start", "end", "title", "flag"],
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
    y = alt.Y("commitment:N", sort=order, title=None, axis=alt.Axis(labelLimit=600, labelOverlap=False))
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=domain), axis=alt.Axis(format="%b %Y", tickCount="month"))
    # One legend names bars and strips in words, in rows of four: in one row, under the plot
    # beside the long labels, "stale" ran off the chart's edge.
    colours = _scale({**STATE_COLORS, **{FLAG_LABELS[f]: colour for f, (colour, _) in TIMELINE_STRIPS.items()}})
    legend = alt.Legend(orient="bottom", title=None, columns=4)
    status_bars = alt.Chart(bars).mark_bar(height=14).encode(
        x=x,
        x2="end:T",
        y=y,
        color=alt.Color("state:N", scale=colours, legend=legend),
        tooltip=[alt.Tooltip("title:N", title="Commitment"), alt.Tooltip("status:N", title="Status"),
                 alt.Tooltip("flags:N", title="Flags"), alt.Tooltip("start:T", title="From", format="%d %b %Y"),
                 alt.Tooltip("end:T", title="Until", format="%d %b %Y")],
    )
    framework_rules = alt.Chart(frameworks).mark_rule(color="#555", strokeWidth=1).encode(
        x="date:T", tooltip=[alt.Tooltip("name:N", title="Framework"), alt.Tooltip("date:T", title="Agreed", format="%d %b %Y")]
    )
    framework_labels = alt.Chart(frameworks).mark_text(align="left", dx=3, baseline="bottom", color="#555").encode(
        x="date:T", y=alt.Y("label_y:Q", scale=None), text="name:N"
    )
    deadline_marks = alt.Chart(deadlines).mark_point(filled=True, color="#222", size=50).encode(
        x="deadline:T",
        y=y,
        shape=alt.Shape("kind:N", legend=None),
        tooltip=[alt.Tooltip("commitment:N", title="Commitment"), alt.Tooltip("deadline:T", title="Deadline", format="%d %b %Y"),
                 alt.Tooltip("kind:N", title="Deadline is")],
    )
    flag_strips = [
        alt.Chart(strips).transform_filter(alt.FieldEqualPredicate(field="flag", equal=FLAG_LABELS[flag]))
        .mark_bar(height=4, yOffset=offset).encode(
            x=x, x2="end:T", y=y, color=alt.Color("flag:N", scale=colours, legend=legend),
            tooltip=[alt.Tooltip("title:N", title="Commitment"), alt.Tooltip("flag:N", title="Flag"),
                     alt.Tooltip("start:T", title="From", format="%d %b %Y"),
                     alt.Tooltip("end:T", title="Until", format="%d %b %Y")],
        )
        for flag, (_, offset) in TIMELINE_STRIPS.items()
    ]
    layers = [status_bars, *flag_strips, framework_rules, framework_labels, deadline_marks, _as_of_rule(as_of)]
    return alt.layer(*layers).properties(height=alt.Step(26))


def evidence_chart(counts: Sequence[EvidenceCount]) -> alt.Chart:
    """Who said what, when: one mark per (day, source party, assertion), sized by how many."""
    frame = pd.DataFrame(
        {
            "observed": [pd.Timestamp(c.observed) for c in counts],
            "period": ["that day" if c.days == 1 else "the week from that day" for c in counts],
            "source": [PARTY_LABELS[c.source_party] for c in counts],
            "asserts": [ASSERTION_WORDS.get(c.asserts, c.asserts) for c in counts],
            "updates": [c.count for c in counts],
        }
    )
    points = alt.Chart(frame).mark_circle(opacity=0.85).encode(
        x=alt.X("observed:T", title="Date observed", axis=alt.Axis(format="%d %b %Y")),
        y=alt.Y("source:N", title=None, scale=alt.Scale(domain=list(PARTY_LABELS.values())), axis=alt.Axis(labelLimit=220)),
        color=alt.Color("asserts:N", scale=_scale({ASSERTION_WORDS[k]: v for k, v in ASSERTION_COLORS.items()}),
                        legend=alt.Legend(orient="top", title="It says the commitment is")),
        size=alt.Size("updates:Q", legend=None, scale=alt.Scale(range=[60, 400])),
        tooltip=[alt.Tooltip("observed:T", title="Observed", format="%d %b %Y"), alt.Tooltip("period:N", title="Counted over"),
                 alt.Tooltip("source:N", title="Source"), alt.Tooltip("asserts:N", title="Says"),
                 alt.Tooltip("updates:Q", title="Updates")],
    )
    return points.properties(height=alt.Step(44))


def measured_charts(commitment: Commitment, updates: Sequence[Update], as_of: date,
                    ended_on: date | None = None) -> list[tuple[str, str, Callable[[], alt.TopLevelMixin]]]:
    """The charts a measured commitment's figures call for, as (container key, title, a function
    that draws it): tariff rates as steps, purchases as running totals per window, other figures
    as bars by period. None for a commitment judged on acts and words, or with no figure yet. The
    figures are read here, for the titles; a chart, tens of milliseconds of pandas and Altair, is
    built only when drawn."""
    check = commitment.check
    unit = commitment.measured_unit
    if unit is None:
        return []
    if isinstance(check, TariffCheck):
        steps = figures.rate_steps(commitment, updates, as_of, ended_on)
        return [("tariff-chart", f"Tariff rate in force ({unit}) against the committed rate",
                 partial(tariff_chart, steps, check.target_rate, unit))] if steps else []
    if isinstance(check, PurchaseCheck):
        progress = figures.purchase_progress(commitment, updates, as_of)
        return [("purchase-chart", f"Purchases so far ({unit}) against each window's target and pace",
                 partial(purchase_chart, progress, unit, as_of))] if any(p.points for p in progress) else []
    series = figures.by_period(commitment, updates, as_of)
    periods = list(dict.fromkeys((f.start, f.end) for f in series))
    title = f"Figures by period ({unit}) against the baseline"
    if len(periods) > MAX_PERIODS:
        kept = set(periods[-MAX_PERIODS:])
        series = [f for f in series if (f.start, f.end) in kept]
        title += f": the latest {MAX_PERIODS} of {len(periods)} periods reported"
    return [("measured-chart", title, partial(period_chart, series, history.targets(commitment), unit))] if series else []


def _levels(levels: Sequence[Target], title: str, told: Sequence[str],
            color: str = LEVEL_COLOR, width: float = 1) -> tuple[alt.Chart, alt.Chart]:
    """Dashed reference lines labelled on the chart; hovering a line or its label tells `title`
    and the level in words with its unit (`told`, one per level), where Streamlit would
    otherwise show the raw field names."""
    reference = pd.DataFrame({"level": [t.label for t in levels], "value": [t.value for t in levels], "told": told})
    tooltip = [alt.Tooltip("told:N", title=title)]
    rules = alt.Chart(reference).mark_rule(strokeDash=[6, 3], color=color, strokeWidth=width).encode(
        y="value:Q", tooltip=tooltip
    )
    labels = alt.Chart(reference).mark_text(align="left", dx=4, dy=-6, color=color).encode(
        y="value:Q", x=alt.value(0), text="level:N", tooltip=tooltip
    )
    return rules, labels


def _series(lines: pd.DataFrame, points: pd.DataFrame, parties: Sequence[str], x: alt.X, y: alt.Y,
            tooltip: list[alt.Tooltip], interpolate: str = "linear") -> tuple[list[alt.Chart], list[alt.Chart]]:
    """Each party's line, then its points, in SERIES_STYLES order (a later one drawn inside an
    earlier one). Only the points have tooltips: hovering a line would show its first point's."""
    drawn = [p for p in SERIES_STYLES if p in parties]
    color = _party_color(drawn)
    shape = alt.Shape("source:N", title="Reported by", legend=alt.Legend(orient="top"),
                      scale=alt.Scale(domain=drawn, range=[SERIES_STYLES[p].shape for p in drawn]))
    line_layers, point_layers = [], []
    for party in drawn:
        style = SERIES_STYLES[party]
        mine = alt.FieldEqualPredicate(field="source", equal=party)
        line_layers.append(alt.Chart(lines).transform_filter(mine).mark_line(
            interpolate=interpolate, strokeWidth=style.width, tooltip=None).encode(x=x, y=y, color=color))
        point_layers.append(alt.Chart(points).transform_filter(mine).mark_point(
            filled=True, opacity=1, size=style.size, stroke="white", strokeWidth=1).encode(
            x=x, y=y, color=color, shape=shape, tooltip=tooltip))
    return line_layers, point_layers


def period_chart(series: Sequence[PeriodFigure], levels: Sequence[Target], unit: str) -> alt.LayerChart:
    """One bar per (period, source party), side by side within a period, against the levels
    the commitment is judged by: a month's figure sits on its month, not on its release day."""
    frame = pd.DataFrame(
        {
            "period": [f.label for f in series],
            "source": [PARTY_LABELS[f.source_party] for f in series],
            "value": [f.value for f in series],
            "figure": [_told(f.value, unit) for f in series],
            "published": [f.observed.isoformat() for f in series],
            "update": [f"#{f.update_id}" for f in series],
        }
    )
    order = list(dict.fromkeys(frame["period"]))
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("period:N", sort=order, title="Period the figure describes", axis=alt.Axis(labelAngle=0, labelLimit=120)),
        xOffset=alt.XOffset("source:N"),
        y=alt.Y("value:Q", title=f"Figure ({unit})"),
        color=_party_color(list(frame["source"])),
        tooltip=[alt.Tooltip("period:N", title="Period"), alt.Tooltip("source:N", title="Reported by"),
                 alt.Tooltip("figure:N", title="Figure"), alt.Tooltip("published:N", title="Observed on"),
                 alt.Tooltip("update:N", title="Update")],
    )
    return alt.layer(bars, *_levels(levels, "Judged against", [t.label for t in levels])).properties(height=280)


def tariff_chart(steps: Sequence[RateStep], target: float, unit: str) -> alt.LayerChart:
    """Each party's reported rate as a step line over time (a rate holds until the next one),
    with a point where each rate took effect, and the committed rate as a dashed line in a
    colour of its own, drawn over the series lines so that a rate equal to it leaves it in sight."""
    points = pd.DataFrame(
        {
            "day": [pd.Timestamp(s.start) for s in steps],
            "source": [PARTY_LABELS[s.source_party] for s in steps],
            "rate": [s.value for s in steps],
            "told": [_told(s.value, unit) for s in steps],
            "in_force": [f"{s.start.isoformat()} to {max(s.start, s.end - timedelta(days=1)).isoformat()}" for s in steps],
            "update": [f"#{s.update_id}" for s in steps],
        }
    )
    ends = [s for s, following in zip(steps, [*steps[1:], None])
            if following is None or following.source_party != s.source_party]
    lines = pd.DataFrame(
        {
            "day": [*points["day"], *(pd.Timestamp(s.end) for s in ends)],
            "source": [*points["source"], *(PARTY_LABELS[s.source_party] for s in ends)],
            "rate": [*points["rate"], *(s.value for s in ends)],
        }
    )
    x = alt.X("day:T", title="Date in force", axis=alt.Axis(format="%b %Y", tickCount="month", labelOverlap=True))
    top = max(target, *points["rate"]) or 1  # a rate of 0 everywhere still gets an axis from 0 up
    y = alt.Y("rate:Q", title=f"Rate ({unit})", scale=alt.Scale(domain=[0, top]))
    tooltip = [alt.Tooltip("source:N", title="Reported by"), alt.Tooltip("told:N", title="Rate"),
               alt.Tooltip("in_force:N", title="In force"), alt.Tooltip("update:N", title="Update")]
    line_layers, point_layers = _series(lines, points, list(points["source"]), x, y, tooltip, "step-after")
    committed = f"committed rate ({target:g}{unit})"
    # Named in the legend, not by a label at the left edge, where it would cover a first step's point.
    rule = _levels([Target(committed, target)], "Committed rate", [f"at most {_told(target, unit)}"],
                   COMMITTED_COLOR, 1.5)[0]
    legend = alt.Legend(orient="top", title=None, symbolType="stroke", symbolSize=600, symbolStrokeWidth=1.5)
    rule = rule.encode(strokeDash=alt.StrokeDash("level:N", scale=alt.Scale(domain=[committed], range=[COMMITTED_DASH]),
                                                 legend=legend))
    return alt.layer(*line_layers, rule, *point_layers).properties(height=260)


def purchase_chart(progress: Sequence[WindowProgress], unit: str, as_of: date) -> alt.HConcatChart:
    """One panel per window: each party's running total against the target, and the pace a
    steady buyer would keep (from 0 on the first day to the target on the last)."""
    parties = [PARTY_LABELS[p.source_party] for item in progress for p in item.points]
    panels = []
    for item in progress:
        window = item.window
        start, end = window.start.isoformat(), window.end.isoformat()
        started: set[str] = set()
        bought = []
        for point in item.points:  # each party's first point is its 0 on the window's first day
            amount, day = _told(point.total, unit), point.day.isoformat()
            bought.append(f"{amount} from {start} to {day}" if point.source_party in started
                          else f"{amount} at the window's start, {day}")
            started.add(point.source_party)
        totals = pd.DataFrame(
            {
                "day": pd.to_datetime([p.day for p in item.points]),
                "source": [PARTY_LABELS[p.source_party] for p in item.points],
                "total": [p.total for p in item.points],
                "bought": bought,
            }
        )
        pace = pd.DataFrame({"day": [pd.Timestamp(window.start), pd.Timestamp(window.end)], "total": [0.0, window.target],
                             "told": [f"{_told(0, unit)} on {start} to {_told(window.target, unit)} on {end}"] * 2})
        x = alt.X("day:T", title="Date", scale=alt.Scale(domain=[start, end]),
                  axis=alt.Axis(format="%b %Y", tickCount="month", labelOverlap=True))
        y = alt.Y("total:Q", title=f"Cumulative total ({unit})")
        tooltip = [alt.Tooltip("source:N", title="Reported by"), alt.Tooltip("bought:N", title="Bought so far")]
        line_layers, point_layers = _series(totals, totals, parties, x, y, tooltip) if item.points else ([], [])
        pace_line = alt.Chart(pace).mark_line(strokeDash=[6, 3], color=LEVEL_COLOR).encode(
            x=x, y=y, tooltip=[alt.Tooltip("told:N", title="Steady pace")]
        )
        rules, labels = _levels([Target(f"target {window.target:g} {unit}", window.target)], "Target",
                                [f"{_told(window.target, unit)} from {start} to {end}"])
        layers = [*line_layers, pace_line, rules, labels, *point_layers]
        if window.start <= as_of <= window.end:
            layers.append(_as_of_rule(as_of))
        subtitle = "dashed: a steady pace from 0 to the target" + ("" if item.points else "; no figure reported yet")
        title = alt.TitleParams(f"Window {start} to {end}", subtitle=subtitle, anchor="start")
        panels.append(alt.layer(*layers).properties(title=title, height=260, width=PANEL_WIDTH))
    return alt.hconcat(*panels)
