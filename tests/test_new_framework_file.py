"""A new deal is one YAML file: a purchase commitment over two yearly windows, a category of
its own, judged right with no code change (the file lives in tests/fixtures/other-deal/)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from monitors.cli import main
from tests.stores import url_for

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "other-deal" / "eu-purchases-2026.yaml"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "frameworks", folder / "frameworks")
    shutil.copytree(ROOT / "data" / "evidence", folder / "evidence")
    shutil.copy(FIXTURE, folder / "frameworks" / FIXTURE.name)
    monkeypatch.setenv("TRUCE_DATA_DIR", str(folder))
    monkeypatch.setenv("TRUCE_DB_URL", url_for(tmp_path / 'truce.db'))
    return folder


def _cli(*args: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    clock = lambda: datetime(2028, 2, 1, tzinfo=timezone.utc)  # noqa: E731
    return main(list(args), clock=clock, out=out, err=err), out.getvalue(), err.getvalue()


def _status(as_of: str) -> dict:
    code, out, err = _cli("status", "--as-of", as_of, "--format", "json")
    assert code == 0, err
    return next(r for r in json.loads(out) if r["id"] == "eu-lng-cn-purchases")


def _log(observed: str, value: str, period: str, party: str = "us") -> None:
    code, _out, err = _cli("log", "--commitment", "eu-lng-cn-purchases", "--observed", observed, "--source-party", party,
                           "--source", "export statistics", "--asserts", "progress", "--value", value, "--unit", "Mt", "--period", period)
    assert code == 0, err


def test_a_purchase_deal_added_as_one_file_is_judged_window_by_window(data_dir):
    code, out, _ = _cli("status", "--as-of", "2026-01-10", "--format", "json")
    assert "eu-lng-cn-purchases" not in out
    assert _status("2026-01-20")["category"] == "energy"

    _log("2026-07-10", "5.5", "2026-01..2026-06")
    midyear = _status("2026-07-15")
    assert midyear["status"] == "pending"
    assert "5.5 of 10 Mt (55% of the target)" in midyear["explanation"]

    _log("2026-12-20", "4.8", "2026-07..2026-11")
    assert _status("2026-12-31")["status"] == "pending"
    _log("2027-01-20", "1.2", "2026-12")
    _log("2027-01-25", "0.9", "2027-01")
    after_first_year = _status("2027-01-31")
    assert after_first_year["status"] == "pending"
    assert "reached" in after_first_year["explanation"] and "running" in after_first_year["explanation"]

    late = _status("2028-01-31")
    assert late["status"] == "pending" and "overdue" in late["flags"]


def test_figures_in_another_unit_are_refused_naming_the_unit_expected(data_dir):
    code, _out, err = _cli("log", "--commitment", "eu-lng-cn-purchases", "--observed", "2026-07-10", "--source-party", "us",
                           "--source", "export statistics", "--asserts", "progress", "--value", "5500000", "--unit", "t", "--period", "2026-06")
    assert code == 2
    assert "--unit: 't' is not the unit this commitment is judged in; figures must be in 'Mt'" in err
