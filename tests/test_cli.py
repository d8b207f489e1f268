"""`python -m monitors` end to end, on a real SQLite file, as outside scripts run it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.stores import query, url_for

from monitors.catalog import load_catalog
from monitors.cli import main

ROOT = Path(__file__).resolve().parent.parent
STATUS_KEYS = {"id", "title", "framework", "obligor", "category", "status", "flags", "deadline", "explanation", "evidence"}


def run_process(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as a separate process, exactly as a script or cron job runs it."""
    env = {**os.environ, "TRUCE_DB_URL": url_for(db)}
    return subprocess.run([sys.executable, "-m", "monitors", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The same command in this process (the same code path, without the start-up cost)."""
    out, err = io.StringIO(), io.StringIO()
    previous = os.environ.get("TRUCE_DB_URL")
    os.environ["TRUCE_DB_URL"] = url_for(db)
    try:
        code = main(list(args), out=out, err=err)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    finally:
        if previous is None:
            del os.environ["TRUCE_DB_URL"]
        else:
            os.environ["TRUCE_DB_URL"] = previous
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def status(db: Path, as_of: str, runner=run) -> dict[str, dict]:
    result = runner(db, "status", "--as-of", as_of, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {record["id"]: record for record in json.loads(result.stdout)}


def snapshot(db: Path) -> list[tuple]:
    return query(db, "SELECT * FROM updates ORDER BY id") + query(db, "SELECT * FROM retractions ORDER BY id")


@pytest.fixture(scope="module")
def shipped_db(tmp_path_factory) -> Path:
    """A store created by the command line on first use; tests here only read it."""
    return tmp_path_factory.mktemp("shipped") / "truce.db"


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "truce.db"


def _updates_by_id(db: Path) -> dict[int, dict]:
    result = run(db, "export", "--format", "json")
    return {u["id"]: u for u in json.loads(result.stdout)["updates"]}


def test_it_lists_every_commitment_with_the_promised_keys(shipped_db):
    records = status(shipped_db, "2025-06-12", runner=run_process)
    assert len(records) >= 15
    assert all(STATUS_KEYS <= set(r) for r in records.values())


def test_chinas_geneva_rare_earth_commitment_is_disputed_between_us_and_china(shipped_db):
    # after China's controls of 9 October: the US calls them a repudiation, MOFCOM says the US distorts the facts
    record = status(shipped_db, "2025-10-21")["geneva-cn-nontariff-countermeasures"]
    assert record["status"] == "disputed"
    assert "the US government" in record["explanation"] and "the Chinese government" in record["explanation"]
    updates = _updates_by_id(shipped_db)
    parties = {updates[i]["source_party"] for i in record["evidence"]}
    assert {"us", "cn"} <= parties
    assert all(f"#{i}" in record["explanation"] for i in record["evidence"])


@pytest.mark.parametrize("commitment", ["london-us-eda-software", "london-us-ethane"])
def test_rollbacks_are_pending_in_june_and_met_in_july_citing_the_rescinding(shipped_db, commitment):
    assert status(shipped_db, "2025-06-12")[commitment]["status"] == "pending"
    july = status(shipped_db, "2025-07-10")[commitment]
    assert july["status"] == "met"
    updates = _updates_by_id(shipped_db)
    rescinding = [updates[i] for i in july["evidence"] if updates[i]["asserts"] == "met" and updates[i]["source_party"] == "us"]
    assert rescinding and rescinding[0]["observed"] == "2025-07-02"


def test_an_extension_moves_the_deadline_and_keeps_the_original(db):
    # the shipped record extends the window twice, to 2026-11-10, and no further: overdue by 2026-11-20
    before = status(db, "2026-11-20")["geneva-90-day-window"]
    assert "overdue" in before["flags"] and before["deadline"] == "2026-11-10"
    logged = run_process(db, "log", "--commitment", "geneva-90-day-window", "--observed", "2026-11-09", "--source-party", "us",
                 "--source", "White House executive order", "--url", "https://www.whitehouse.gov/", "--asserts", "progress",
                 "--kind", "act", "--new-deadline", "2027-11-10", "--by", "tester")
    assert logged.returncode == 0, logged.stderr
    new_id = int(logged.stdout.strip())
    after = status(db, "2026-11-20", runner=run_process)["geneva-90-day-window"]
    assert "overdue" not in after["flags"]
    assert after["deadline"] == "2027-11-10"
    assert after["original_deadline"] == "2025-08-12"
    earlier = [d["set_by"] for d in before["deadline_history"]]
    assert earlier[0] is None
    assert [d["set_by"] for d in after["deadline_history"]] == [*earlier, new_id]


def test_a_retraction_through_the_command_line_flips_the_status(db):
    assert status(db, "2025-07-10")["london-us-eda-software"]["status"] == "met"
    met_ids = [u["id"] for u in _updates_by_id(db).values() if u["commitment"] == "london-us-eda-software" and u["asserts"] == "met"]
    for update_id in met_ids:
        result = run(db, "retract", str(update_id), "--reason", "test of a correction", "--by", "tester")
        assert result.returncode == 0, result.stderr
    assert status(db, "2025-07-10")["london-us-eda-software"]["status"] == "pending"
    exported = _updates_by_id(db)
    assert all(exported[i]["retracted"] and exported[i]["retraction_reason"] == "test of a correction" for i in met_ids)


def test_fail_on_exits_one_only_when_something_matches(shipped_db):
    assert run(shipped_db, "status", "--as-of", "2025-10-21", "--fail-on", "disputed").returncode == 1
    assert run(shipped_db, "status", "--as-of", "2025-06-12", "--fail-on", "disputed").returncode == 0
    assert run(shipped_db, "status", "--as-of", "2025-05-01", "--fail-on", "disputed").returncode == 0
    refused = run_process(shipped_db, "status", "--fail-on", "broken")
    assert refused.returncode == 2 and "--fail-on" in refused.stderr


LOG_BASE = ["log", "--commitment", "london-us-ethane", "--observed", "2025-07-02", "--source-party", "us",
            "--source", "BIS", "--asserts", "met"]


def _with(option: str, value: str) -> list[str]:
    args = list(LOG_BASE)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    return args


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--commitment", "geneva-nothing", "--commitment: unknown commitment 'geneva-nothing'"),
        ("--observed", "2025-02-30", "--observed: '2025-02-30' is not a real calendar date"),
        ("--observed", "yesterday", "--observed: 'yesterday' is not a date in the form YYYY-MM-DD"),
        ("--asserts", "kept", "--asserts: 'kept' is not one of met, progress, not_met"),
        ("--value", "many", "--value: 'many' is not a number"),
        ("--url", "file:///etc/passwd", "--url: 'file:///etc/passwd' is not an http(s) URL"),
        ("--source-party", "eu", "--source-party: 'eu' is not one of us, cn, independent"),
    ],
)
def test_log_refuses_bad_input_naming_the_field_and_stores_nothing(db, option, value, message):
    args = _with(option, value)
    if option == "--value":
        args += ["--unit", "b/d"]
    assert run(db, "status").returncode == 0
    before = snapshot(db)
    result = run(db, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "nothing was stored" in result.stderr
    assert snapshot(db) == before


IMPORT_HEADER = "commitment,observed,source_party,source,url,asserts,value,unit,new_deadline,note,by\n"
IMPORT_GOOD = "london-us-ethane,2025-07-02,us,BIS,https://www.bis.gov/,met,,,,rescinded,alice\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (IMPORT_HEADER + IMPORT_GOOD + "nope,2025-07-02,us,BIS,,met,,,,,\n", "line 3, commitment: unknown commitment 'nope'"),
        (IMPORT_HEADER + IMPORT_GOOD + "london-us-ethane,2025-02-29,us,BIS,,met,,,,,\n", "line 3, observed: '2025-02-29' is not a real calendar date"),
        (IMPORT_HEADER + IMPORT_GOOD + "london-us-ethane,2025-07-02,us,BIS,,met,ten,t,,,\n", "line 3, value: 'ten' is not a number"),
        (IMPORT_HEADER + IMPORT_GOOD + "london-us-ethane,2025-07-02,us,BIS,,done,,,,,\n", "line 3, asserts: 'done' is not one of"),
        (IMPORT_HEADER + IMPORT_GOOD + "london-us-ethane,2025-07-02,us,BIS,mailto:x@y.z,met,,,,,\n", "line 3, url:"),
        (IMPORT_HEADER + IMPORT_GOOD + "london-us-ethane,2025-07-02,us\n", "line 3, columns: has 3 fields; the header has 11"),
        ("%PDF-1.7\n\xff\xfe binary", "file: is not UTF-8 text"),
    ],
)
def test_import_is_all_or_nothing_with_a_report_naming_row_and_field(db, tmp_path, content, message):
    source = tmp_path / "updates.csv"
    source.write_bytes(content.encode("latin-1") if content.startswith("%PDF") else content.encode("utf-8"))
    assert run(db, "status").returncode == 0
    before = snapshot(db)
    result = run(db, "import", str(source))
    assert result.returncode == 2
    assert message in result.stderr
    assert snapshot(db) == before


def test_import_appends_every_row_of_a_valid_file(db, tmp_path):
    source = tmp_path / "updates.csv"
    source.write_text(IMPORT_HEADER + IMPORT_GOOD * 3, encoding="utf-8")
    assert run(db, "status").returncode == 0
    before = len(snapshot(db))
    result = run_process(db, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "imported 3 updates" in result.stdout
    assert len(snapshot(db)) == before + 3


def test_export_csv_neutralises_formulas_and_ics_lists_deadlines(db, tmp_path):
    logged = run(db, *_with("--source", "=HYPERLINK(\"http://evil\")"))
    assert logged.returncode == 0, logged.stderr
    exported = run(db, "export", "--format", "csv", "--table", "updates")
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert rows[-1]["source"].startswith("'=")
    calendar = run(db, "export", "--format", "ics", "--as-of", "2025-08-01").stdout
    assert "BEGIN:VCALENDAR" in calendar and "geneva-90-day-window-deadline@truce-monitor" in calendar
    assert "DTSTART;VALUE=DATE:20250812" in calendar


def test_export_json_holds_frameworks_commitments_and_every_update(shipped_db):
    payload = json.loads(run(shipped_db, "export", "--format", "json", "--as-of", "2025-07-10").stdout)
    assert set(payload) == {"frameworks", "commitments", "updates"}
    assert {c["id"] for c in payload["commitments"]} == set(status(shipped_db, "2025-07-10"))
    assert payload["commitments"][0]["sources"]
    sources = [s for c in payload["commitments"] for s in c["sources"]] + [s for f in payload["frameworks"] for s in f["sources"]]
    assert not any("quote_for" in s for s in sources)  # how the catalog places quotes, not part of a citation
    us_rate = next(c for c in payload["commitments"] if c["id"] == "geneva-us-reciprocal-rate")
    assert not any(s.get("quote", "").startswith("Adopt all necessary") for s in us_rate["sources"])


def test_help_explains_every_command():
    result = subprocess.run([sys.executable, "-m", "monitors", "--help"], cwd=ROOT, capture_output=True, text=True)
    for command in ("status", "log", "retract", "import", "export"):
        assert command in result.stdout
    assert "TRUCE_DB_URL" in result.stdout


def test_a_date_before_any_framework_lists_nothing_and_says_why(shipped_db):
    table = run(shipped_db, "status", "--as-of", "2025-04-01")
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith("Status as of 2025-04-01\n")
    assert "No framework had been agreed by then" in table.stdout
    assert status(shipped_db, "2025-04-01") == {}
    assert set(status(shipped_db, "2025-06-01")) == {i for i, c in load_catalog(ROOT / "data" / "frameworks").commitments.items()
                                                      if c.framework == "geneva-2025"}
