"""The shipped record through the command line, on the dates the record is judged by."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from tests.test_cli import run

TODAY = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def _status(db, as_of: str) -> dict[str, dict]:
    result = run(db, "status", "--as-of", as_of, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {record["id"]: record for record in json.loads(result.stdout)}


def test_a_replay_leaves_out_frameworks_not_yet_agreed(tmp_path):
    db = tmp_path / "truce.db"
    assert _status(db, "2025-04-01") == {}
    assert {r["framework"] for r in _status(db, "2025-06-01").values()} == {"geneva-2025"}
    assert {r["framework"] for r in _status(db, "2025-06-15").values()} == {"geneva-2025", "london-2025"}


def test_the_july_2025_figure_makes_londons_rare_earth_commitment_met_not_disputed(tmp_path):
    record = _status(tmp_path / "truce.db", "2025-08-21")["london-cn-export-licences"]
    assert record["status"] == "met"
    assert "July 2025" in record["explanation"] and "619 t" in record["explanation"]


def test_october_2025_acts_and_claims_make_genevas_non_tariff_commitment_disputed(tmp_path):
    record = _status(tmp_path / "truce.db", "2025-10-21")["geneva-cn-nontariff-countermeasures"]
    assert record["status"] == "disputed"
    assert "2025-10-15" in record["explanation"] and "2025-10-16" in record["explanation"]


def test_after_the_court_ruling_no_us_tariff_commitment_is_disputed_or_overdue(tmp_path):
    records = _status(tmp_path / "truce.db", "2026-02-25")
    us_tariffs = [r for r in records.values() if r["obligor"] == "us" and r["category"] == "tariffs"]
    assert us_tariffs
    assert all(r["status"] != "disputed" and "overdue" not in r["flags"] for r in us_tariffs)
    assert "ended" in records["busan-us-fentanyl-tariff-cut"]["flags"]


def test_today_four_frameworks_and_the_busan_suspensions_have_lapsed(tmp_path):
    records = _status(tmp_path / "truce.db", TODAY.date().isoformat())
    assert {r["framework"] for r in records.values()} == {"geneva-2025", "london-2025", "stockholm-2025", "busan-2025"}
    suspensions = [r for r in records.values() if r["framework"] == "busan-2025" and r["expires"] and r["expires"] < "2026-12-01"
                   and "ended" not in r["flags"]]
    assert suspensions and all("lapsed" in r["flags"] for r in suspensions)
    assert all(r["latest_evidence"] for r in records.values() if r["id"] != "busan-cn-chip-probes-nexperia")  # B14: none found
