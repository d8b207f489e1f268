"""The overview under AppTest: its counts are the command line's, on the same store and date."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest
from tests.stores import url_for

from dashboard import view
from monitors.cli import main as cli
from monitors.domain import NewUpdate
from monitors.summary import urgency_rank
from tests.html_reading import Node, list_items, parse, table_rows
from tests.conftest import pick_as_of

COMMITMENTS_PAGE = "app_pages/commitments.py"
DOWNLOADS_PAGE = "app_pages/downloads.py"


def cli_statuses(*args: str) -> list[dict[str, object]]:
    out = io.StringIO()
    assert cli(["status", "--format", "json", *args], out=out) == 0
    return json.loads(out.getvalue())


def block(at: AppTest, key: str = "overview-summary") -> Node:
    """One of the overview's HTML blocks, parsed."""
    return parse(at.main.get_by_key(key).html[0].value)


def section(at: AppTest, name: str, key: str = "overview-summary") -> Node:
    return block(at, key).section(name)


def metrics(at: AppTest) -> dict[str, int]:
    """The totals line: one badge per status and one for overdue, each '<count> <word>'."""
    badges = ["".join(c for c in b.children if isinstance(c, str)) for b in section(at, "totals").all("span")
              if "truce-badge" in b.attrs.get("class", "")]  # each badge's words, without its icon's name
    counted = (re.fullmatch(r" (\d+) (.+)", b).groups() for b in badges)
    return {word.capitalize(): int(count) for count, word in counted if word in ("met", "pending", "disputed", "overdue")}


def commitment_items(at: AppTest) -> list[dict[str, object]]:
    """Each item of the overview's commitment list, in order: its link (the element), its
    address's query, the status drawn first in its details and its line of details."""
    items = []
    for item in list_items(section(at, "commitment-links")):
        [link] = item.all("a")
        _title, status = item.all("strong")
        assert link.attrs["href"].startswith("./?") and link.attrs["target"] == "_blank"
        items.append({"link": link, "query": link.attrs["href"].removeprefix("./?"), "status": status,
                      "details": item.text().split("\n", 1)[1]})
    return items


def commitment_links(at: AppTest) -> list[tuple[str, str]]:
    """(commitment id, label) of each link in the overview's commitment list, in order."""
    return [(parse_qs(i["query"])["commitment"][0], i["link"].text()) for i in commitment_items(at)]


def expected_counts(records: list[dict[str, object]]) -> dict[str, int]:
    return {
        "Met": sum(r["status"] == "met" for r in records),
        "Pending": sum(r["status"] == "pending" for r in records),
        "Disputed": sum(r["status"] == "disputed" for r in records),
        "Overdue": sum("overdue" in r["flags"] for r in records),
    }


def test_the_counts_match_the_command_line_on_the_same_store(app, tracker):
    at = app.run()
    assert not at.exception
    assert metrics(at) == expected_counts(cli_statuses())


def test_the_as_of_date_replays_the_counts_of_that_day(app, tracker):
    at = app.run()
    pick_as_of(at, date(2025, 6, 12))
    assert not at.exception
    assert metrics(at) == expected_counts(cli_statuses("--as-of", "2025-06-12"))
    assert "as it stood on 2025-06-12" in at.main.info[0].value
    at.sidebar.button("as-of-today").click().run()
    assert metrics(at) == expected_counts(cli_statuses())


def _assert_listed_most_urgent_first(at, tracker, day: date, records: dict[str, dict]) -> list[tuple[str, str]]:
    listed = commitment_links(at)
    for (commitment_id, label), item in zip(listed, commitment_items(at)):
        assert label == records[commitment_id]["title"]
        assert [c.tag for c in item["link"].children if not isinstance(c, str)] == ["strong"]  # the title in bold
        status = records[commitment_id]["status"]
        assert item["status"].text() == status and item["details"].startswith(status)  # first, in its colour:
        assert item["status"].attrs["class"] == f"truce-{view.STATUS_BADGE_COLORS[status]}"
        assert "None" not in item["details"]
    assessments = {a.commitment_id: a for a in tracker.assessments(day)}
    ranks = [urgency_rank(assessments[i]) for i, _ in listed]
    assert ranks == sorted(ranks)
    left_out = [urgency_rank(a) for i, a in assessments.items() if i not in dict(listed)]
    assert all(rank >= ranks[-1] for rank in left_out)  # nothing more urgent is left out
    return listed


def test_every_commitment_is_listed_most_urgent_first_with_its_status(app, tracker):
    at = app.run()
    pick_as_of(at, date(2025, 8, 1))  # Geneva and London: fewer than the cap
    records = {r["id"]: r for r in cli_statuses("--as-of", "2025-08-01")}
    listed = _assert_listed_most_urgent_first(at, tracker, date(2025, 8, 1), records)
    assert {i for i, _ in listed} == set(records)


def test_the_overview_lists_the_most_urgent_up_to_its_cap(app, tracker):
    at = app.run()
    records = {r["id"]: r for r in cli_statuses()}
    assert len(records) > 25
    listed = _assert_listed_most_urgent_first(at, tracker, tracker.today(), records)
    assert len(listed) == 25
    assert f"The 25 most urgent of {len(records)}" in block(at).text()


def test_the_commitments_page_has_every_commitment_in_one_sortable_table(app, tracker):
    at = app.run()
    at.switch_page(COMMITMENTS_PAGE).run()
    assert not at.exception
    table = next(d for d in at.main.dataframe if d.key == "commitments").value
    records = {r["id"]: r for r in cli_statuses()}
    assert set(table["id"]) == set(records) and len(table) == len(records)
    assert dict(zip(table["id"], table["status"])) == {i: r["status"] for i, r in records.items()}
    assert set(table.columns) >= {"status", "owed by", "category", "deadline", "flags", "newest evidence"}


def test_counts_per_framework_and_party_add_up(app, tracker):
    at = app.run()
    by_framework = table_rows(section(at, "by-framework"))
    by_obligor = table_rows(section(at, "by-obligor"))
    total = len(tracker.catalog.commitments)
    assert sum(int(r["total"]) for r in by_framework) == sum(int(r["total"]) for r in by_obligor) == total
    assert sum(int(r["met"]) for r in by_framework) == metrics(at)["Met"]
    assert [r["framework"] for r in by_framework] == [f.name for f in tracker.catalog.frameworks.values()]


def test_upcoming_deadlines_count_down_on_the_as_of_date(app, tracker):
    at = app.run()
    pick_as_of(at, date(2025, 8, 1))
    rows = table_rows(section(at, "upcoming"))
    assert {"deadline": "2025-08-12", "when": "in 11 days",
            "commitment": "Negotiating window of the tariff suspensions (first 90 days, to 12 August 2025)", "status": "pending"} in rows
    assert {s.text(): s.attrs["class"] for s in section(at, "upcoming").all("strong")} == {"pending": "truce-orange"}


def test_the_give_and_take_view_shows_what_each_side_delivered(app, tracker):
    at = app.run()
    pick_as_of(at, date(2025, 6, 12))
    bargains = list_items(section(at, "bargains", "overview-exchanges"))
    london = next(b for b in bargains if "chip-design (EDA) software" in b.text())
    assert [s.text() for s in london.all("strong")] == ["United States", "China"]  # each side's name in bold, nothing else
    us_side, china_side = london.text().split(" ⇄ ")
    assert us_side.startswith("United States delivered 0 of 6: ")
    assert us_side.count("(pending") == 6
    assert china_side == "China delivered 0 of 1: China approves export licences for rare earths and magnets (pending)"


def test_the_latest_evidence_is_there_and_the_downloads_have_their_page(app, tracker):
    at = app.run()
    latest = table_rows(section(at, "latest-evidence", "overview-exchanges"))
    assert len(latest) == 10
    observed = [r["observed"] for r in latest]
    assert observed == sorted(observed, reverse=True)
    at.switch_page(DOWNLOADS_PAGE).run()
    assert not at.exception
    assert {b.key for b in at.main.download_button} == {"download-briefing", "download-statuses", "download-evidence", "download-json", "download-ics"}


def test_a_purchase_commitment_overdue_names_the_window_that_ended(app):
    """On 10 March 2026 Busan's soybean pledge is overdue: its first window ended on 28 February
    short of 12 MMT. The overview's line must say when, as it says a deadline's day."""
    at = pick_as_of(app.run(), date(2026, 3, 10))
    [soybeans] = [i for i in commitment_items(at) if i["query"].startswith("commitment=busan-cn-soybean-purchases")]
    assert "overdue" in soybeans["details"]
    assert "window ended 2026-02-28, next ends 2026-12-31" in soybeans["details"]


def test_a_replay_lists_no_evidence_of_a_commitment_not_yet_agreed(app, tracker):
    """On 1 June 2025 only Geneva (12 May) had been agreed. The US curbs on chip-design software
    of late May are logged against London's commitment to lift them, agreed on 10 June: they
    belong in the record, but not in the latest evidence of a day before London existed."""
    agreed_by_june = {c.title for c in tracker.catalog.commitments.values() if c.framework == "geneva-2025"}
    assert any(u.observed <= date(2025, 6, 1) and u.commitment_id.startswith("london-") for u in tracker.store.updates())
    at = pick_as_of(app.run(), date(2025, 6, 1))
    latest = table_rows(section(at, "latest-evidence", "overview-exchanges"))
    assert latest and {r["commitment"] for r in latest} <= agreed_by_june
    assert all(r["observed"] <= "2025-06-01" for r in latest)


def test_the_alert_inbox_has_its_place(app, tracker):
    at = app.run()
    assert at.main.get_by_key("alert-inbox").subheader[0].value == "Alert inbox"


def test_a_catalog_of_a_thousand_commitments_draws_bounded_lists(tmp_path, monkeypatch, clear_streamlit_caches):
    import yaml

    frameworks = tmp_path / "data" / "frameworks"
    frameworks.mkdir(parents=True)
    commitments = [
        {"id": f"big-{n:04d}", "title": f"Commitment {n}", "obligor": "us" if n % 2 else "cn", "category": "negotiation",
         "promise": "A promise.", "sources": ["S1"], "check": {"monitor": "statements"},
         "deadline": f"2030-01-{1 + n % 28:02d}", "in_exchange_for": [f"big-{n + 1 if n % 2 == 0 else n - 1:04d}"]}
        for n in range(1000)
    ]
    (frameworks / "big.yaml").write_text(yaml.safe_dump({
        "id": "big-2025", "name": "Big framework", "date": "2025-01-01", "parties": ["us", "cn"], "summary": "Many.",
        "sources": {"S1": {"outlet": "Wire", "title": "Report"}}, "commitments": commitments,
    }), encoding="utf-8")
    monkeypatch.setenv("TRUCE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRUCE_DB_URL", url_for(tmp_path / 'big.db'))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=60)
    at.secrets["dashboard"] = {"editor_emails": []}
    at.run()
    assert not at.exception
    assert len(list_items(section(at, "bargains", "overview-exchanges"))) == 6
    assert len(table_rows(section(at, "upcoming"))) == 10
    assert len(commitment_links(at)) == 25
    captions = block(at).text() + block(at, "overview-exchanges").text()
    assert "The 25 most urgent of 1000" in captions
    assert "The next 10 of 1000" in captions and "The first 6 of 500" in captions


def test_typed_text_in_the_latest_evidence_shows_as_typed_never_as_markup(app, tracker):
    source = ("Wire | <img src=x onerror=alert(1)> **loud** _it_ `code` $x$ [link](https://example.com) "
              "www.example.com a@b.co :material/home: &lt;b&gt; \\<i> =1+1")
    tracker.append(NewUpdate("london-us-ethane", tracker.today(), "us", source, "progress", logged_by="tester"))  # the newest
    at = app.run()
    drawn = section(at, "latest-evidence", "overview-exchanges")
    assert [n.tag for n in drawn.all("td") for n in n.children if not isinstance(n, str)] == []  # no element from the text
    [row] = [r for r in table_rows(drawn) if r["source"].startswith("Wire")]
    assert row["source"] == source


def test_the_overview_names_the_commitments_page_without_a_page_link(app, tracker):
    at = app.run()  # no alert yet, so nothing else on the overview would load the page link's JavaScript
    assert not at.main.get("page_link")
    assert re.search("the Commitments page in the menu has .* in a sortable table", block(at).text())


def test_a_date_before_any_framework_was_agreed_counts_nothing_on_every_page(app, tracker):
    at = app.run()
    pick_as_of(at, date(2025, 4, 1))
    assert not at.exception
    assert "No framework had been agreed by 2025-04-01" in at.main.info[-1].value
    assert not at.main.get("page_link") and not [c for c in at.main.get("container") if c.key == "overview-summary"]
    for page in (COMMITMENTS_PAGE, "app_pages/timeline.py", "app_pages/commitment.py", DOWNLOADS_PAGE):
        assert not at.switch_page(page).run().exception, page


def test_the_counts_per_framework_leave_out_frameworks_not_yet_agreed(app, tracker):
    at = app.run()
    pick_as_of(at, date(2025, 6, 12))
    by_framework = table_rows(section(at, "by-framework"))
    assert [r["framework"] for r in by_framework] == ["Geneva consensus", "London framework"]
    assert sum(int(r["total"]) for r in by_framework) == len(cli_statuses("--as-of", "2025-06-12"))


def test_the_commitments_table_is_in_urgency_order_in_words_and_filters(app, tracker):
    at = app.run()
    at.switch_page(COMMITMENTS_PAGE).run()
    assert not at.exception
    table = next(d for d in at.main.dataframe if d.key == "commitments").value
    ranks = {a.commitment_id: urgency_rank(a) for a in tracker.assessments()}
    assert [ranks[i] for i in table["id"]] == sorted(ranks[i] for i in table["id"])
    assert list(table["urgency"]) == list(range(1, len(table) + 1))
    assert not table.isna().any().any() and "None" not in table.astype(str).to_numpy()
    at.main.multiselect("commitments-parties").select("China").run()
    at.main.multiselect("commitments-statuses").select("met").run()
    table = next(d for d in at.main.dataframe if d.key == "commitments").value
    assert len(table) > 0 and set(table["owed by"]) == {"China"} and set(table["status"]) == {"met"}


def test_the_methodology_page_renders_the_rules_in_the_app(app):
    at = app.run()
    at.switch_page("app_pages/methodology.py").run()
    assert not at.exception
    shown = at.main.get_by_key("methodology").markdown[0].value
    assert shown.startswith("# How the monitor decides")
    for heading in ("## The three statuses", "## Kinds of evidence", "## Freshness"):
        assert heading in shown


def test_visitors_get_viewer_mode_without_the_deploy_button_or_developer_menu():
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["client"]["toolbarMode"] == "viewer"
