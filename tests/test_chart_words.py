"""The measured charts of a commitment, as sent to the browser: every mark a reader can hover
and every legend speaks in words, each amount with its unit (Streamlit's charts otherwise show
a mark's raw field names and bare numbers), and a tariff series that sits on the committed rate
leaves both the rate and every other series in sight."""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.charts import PARTY_COLORS, PARTY_LABELS

LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "strokeDash", "strokeWidth", "size", "opacity")
RAW_PARTIES = set(PARTY_LABELS)  # "us", "cn", "independent": the store's words, not a reader's

View = tuple[dict[str, Any], pd.DataFrame]
POSITIONS = ("x", "y")


def drawn_views(app: AppTest, commitment_id: str, key: str) -> list[View]:
    """Each single-mark view of the chart in container `key` on the commitment's page, in the
    order they are drawn (a later one on top), with the data set it reads."""
    app.query_params["commitment"] = commitment_id
    at = app.run()
    if any(b.key == "show-charts" for b in at.main.button):  # drawn already once asked for in this session
        at.main.button("show-charts").click().run()
    chart = at.main.get_by_key(key).get("vega_lite_chart")[0]
    frames = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets}
    return _views(json.loads(chart.proto.spec), frames, None)


def _views(spec: dict[str, Any], frames: dict[str, pd.DataFrame], data: str | None) -> list[View]:
    data = spec.get("data", {}).get("name", data)
    if "mark" in spec:
        return [(spec, frames[data] if data else pd.DataFrame())]
    return [view for part in ("layer", "hconcat", "vconcat", "concat") for child in spec.get(part, [])
            for view in _views(child, frames, data)]


def panels(app: AppTest, commitment_id: str, key: str) -> list[list[dict[str, Any]]]:
    """The layers of each panel of the chart (one panel unless it is side by side)."""
    app.query_params["commitment"] = commitment_id
    spec = json.loads(app.run().main.get_by_key(key).get("vega_lite_chart")[0].proto.spec)
    return [part.get("layer", [part]) for part in spec.get("hconcat", [spec])]


def mark(view: View) -> dict[str, Any]:
    spec = view[0]["mark"]
    return spec if isinstance(spec, dict) else {"type": spec}


def shown(view: View) -> pd.DataFrame:
    """The rows a view draws: its data set, narrowed by its filters of one field to one value."""
    spec, frame = view
    for step in spec.get("transform", []):
        frame = frame[frame[step["filter"]["field"]] == step["filter"]["equal"]]
    return frame


def amount_pattern(value: float, unit: str) -> str:
    return re.escape(f"{value:g}") + r"\s?" + re.escape(unit)


@pytest.mark.parametrize(("commitment_id", "key", "unit"), [
    ("london-cn-export-licences", "measured-chart", "t"),  # rare-earth magnet exports, by month
    ("geneva-us-reciprocal-rate", "tariff-chart", "%"),
    ("busan-cn-soybean-purchases", "purchase-chart", "MMT"),
])
def test_every_mark_and_legend_speaks_in_words_with_units(app, tracker, commitment_id, key, unit):
    for view in drawn_views(app, commitment_id, key):
        spec, _frame = view
        encoding = spec.get("encoding", {})
        rows = shown(view)
        if mark(view).get("tooltip", "unset") is None:
            assert "tooltip" not in encoding
        else:
            tooltip = encoding.get("tooltip")
            assert tooltip, f"a {mark(view)['type']} mark would show its raw field names"
            entries = tooltip if isinstance(tooltip, list) else [tooltip]
            for entry in entries:
                assert "title" in entry and entry["title"] != entry["field"], entry
                assert entry["type"] != "quantitative", f"{entry['title']}: a bare number, without its unit"
                assert not set(rows[entry["field"]].astype(str)) & RAW_PARTIES
            y = encoding.get("y", {})
            if y.get("type") == "quantitative" and "field" in y:
                told = [" ".join(str(row[e["field"]]) for e in entries) for _, row in rows.iterrows()]
                for value, words in zip(rows[y["field"]], told):
                    assert re.search(amount_pattern(value, unit), words), f"{words!r} does not say {value:g} {unit}"
        for channel in LEGEND_CHANNELS:
            legend_of = encoding.get(channel, {})
            if "field" not in legend_of or legend_of.get("legend", "shown") is None:
                continue
            title = legend_of.get("legend", {}).get("title", legend_of.get("title", legend_of["field"]))
            assert title != legend_of["field"], f"the {channel} legend is titled with a field name"
            words = set(rows[legend_of["field"]].astype(str))
            assert not words & RAW_PARTIES and not any("_" in w for w in words), words


@pytest.mark.parametrize(("commitment_id", "key"), [
    ("london-cn-export-licences", "measured-chart"),
    ("geneva-us-reciprocal-rate", "tariff-chart"),
    ("busan-cn-soybean-purchases", "purchase-chart"),  # its second window has no figure yet
])
def test_every_axis_is_titled_in_words(app, tracker, commitment_id, key):
    drawn_views(app, commitment_id, key)  # draws the charts, which stay drawn
    for layers in panels(app, commitment_id, key):
        for channel in POSITIONS:
            encoded = [layer["encoding"][channel] for layer in layers if "field" in layer.get("encoding", {}).get(channel, {})]
            titles = [e["title"] for e in encoded if e.get("title")]
            assert not encoded or titles, f"the {channel} axis would be titled {', '.join(e['field'] for e in encoded)}"


def test_the_purchase_target_says_what_it_is_with_its_unit_and_window(app, tracker):
    views = drawn_views(app, "busan-cn-soybean-purchases", "purchase-chart")
    first_window = [v for v in views if mark(v)["type"] in ("rule", "text") and "y" in v[0]["encoding"]][:2]
    for view in first_window:
        (entry,) = view[0]["encoding"]["tooltip"]
        assert entry["title"] == "Target"
        assert list(shown(view)[entry["field"]]) == ["12 MMT from 2025-11-01 to 2026-02-28"]


def test_the_legend_names_only_the_parties_that_reported(app, tracker):
    for commitment_id, key in (("london-cn-export-licences", "measured-chart"),
                               ("geneva-us-reciprocal-rate", "tariff-chart"),
                               ("busan-cn-soybean-purchases", "purchase-chart")):
        views = drawn_views(app, commitment_id, key)
        reporting = set().union(*(set(shown(v)["source"]) for v in views if "source" in v[1].columns))
        domains = [v[0]["encoding"]["color"]["scale"]["domain"] for v in views if "color" in v[0].get("encoding", {})]
        assert domains and all(d == [p for p in PARTY_COLORS if p in reporting] for d in domains), (commitment_id, domains)


def test_series_on_the_committed_rate_and_the_rate_itself_stay_distinguishable(app, tracker):
    """The US government and independent sources both report 10%, the committed rate: each is
    still seen, none is moved off its value, and the legend says which is which in words."""
    views = drawn_views(app, "geneva-us-reciprocal-rate", "tariff-chart")
    lines = [v for v in views if mark(v)["type"] == "line"]
    points = [v for v in views if mark(v)["type"] == "point"]
    rule = next(v for v in views if mark(v)["type"] == "rule" and "y" in v[0]["encoding"])
    sources = ["US government", "Independent sources"]

    # told as it is: every series at its reported 10%, the committed rate at 10%, nothing shifted
    for view in [*lines, *points, rule]:
        assert not {"yOffset", "xOffset"} & set(view[0]["encoding"]) and not {"dy", "yOffset"} & set(mark(view))
        assert not any("calculate" in step for step in view[0].get("transform", []))
    assert {(s, r) for v in [*lines, *points] for s, r in zip(shown(v)["source"], shown(v)["rate"])} == {
        (s, 10.0) for s in sources}
    assert list(shown(rule)["value"]) == [10.0]

    # one line and one set of points per source, the wider drawn first so a later one leaves it showing
    assert [set(shown(v)["source"]) for v in lines] == [{s} for s in sources]
    assert [set(shown(v)["source"]) for v in points] == [{s} for s in sources]
    strokes = [(mark(v)["strokeWidth"], tuple(mark(v).get("strokeDash", ()))) for v in lines]
    assert len(set(strokes)) == len(sources) and strokes[0][0] > strokes[1][0]
    shape = points[0][0]["encoding"]["shape"]["scale"]
    assert shape["domain"] == sources and len(set(shape["range"])) == len(sources)
    sizes = [mark(v)["size"] for v in points]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sources)

    # the committed rate: dashed, in a colour no series has, drawn over every line, in the legend
    assert views.index(rule) > max(views.index(v) for v in lines)
    assert mark(rule)["color"] not in PARTY_COLORS.values()
    dash = rule[0]["encoding"]["strokeDash"]
    assert dash["legend"] is not None and list(shown(rule)[dash["field"]]) == ["committed rate (10%)"]
    assert dash["scale"]["range"][0] not in ([], [1, 0])  # dashed, not solid
    for view in [*lines, *points]:
        assert view[0]["encoding"]["color"]["title"] == "Reported by"
