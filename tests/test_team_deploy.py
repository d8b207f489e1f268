"""The team deployment of docs/deploy.md, for real: two dashboard processes and two alert
workers on one store (PostgreSQL in the suite's second run), editors logging through both
dashboards in a browser while a script logs through the command line and alert scans run.
Afterwards every update is stored exactly once and every alert raised exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from monitors.serve import DASHBOARD, dashboard_command, stop_processes
from tests.stores import query
from tests.test_browser import CHROMIUM, choose, free_port, settle, type_date, wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent
USERNAME, PASSWORD = "desk", "a long and careful password"
COMMITMENT, TITLE = "london-us-nvidia-h20", "US grants licences for Nvidia H20 chip sales to China"
PER_DASHBOARD, CLI_UPDATES = 2, 4

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture
def team(db_url: str, tmp_path: Path) -> Iterator[tuple[list[str], dict[str, str], list[subprocess.Popen[bytes]]]]:
    """Two dashboards and two `alerts run` workers on the test's store, started together."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUCE_ALERT")}
    env.update(TRUCE_DB_URL=db_url, TRUCE_ALERT_URLS="")
    env.pop("TRUCE_SETTINGS_FILE", None)
    subprocess.run([sys.executable, "-m", "monitors", "users", "add", USERNAME, "--password-stdin"],
                   input=f"{PASSWORD}\n".encode(), env=env, cwd=ROOT, check=True, capture_output=True)
    processes: list[subprocess.Popen[bytes]] = []
    bases = []
    try:
        for number in range(2):
            port = free_port()
            log = (tmp_path / f"dashboard-{number}.log").open("wb")
            processes.append(subprocess.Popen(
                [*dashboard_command(DASHBOARD, "127.0.0.1", port), "--secrets.files", str(tmp_path / "none.toml")],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
            bases.append((f"http://127.0.0.1:{port}", processes[-1], tmp_path / f"dashboard-{number}.log"))
        workers = [subprocess.Popen([sys.executable, "-m", "monitors", "alerts", "run"], cwd=ROOT, env=env,
                                    stdout=subprocess.DEVNULL, stderr=(tmp_path / f"worker-{n}.log").open("wb"))
                   for n in range(2)]
        processes += workers
        for base, server, log_path in bases:
            wait_until_healthy(base, server, log_path)
        yield [base for base, _, _ in bases], env, workers
    finally:
        stop_processes(processes, timeout=20)


def _log_through_the_form(page, base: str, note: str, first: bool) -> None:
    from playwright.sync_api import expect

    sidebar = page.get_by_test_id("stSidebar")
    if first:
        page.goto(base)
        settle(page)
        sidebar.get_by_role("button", name="Editor sign-in").click()
        settle(page)
        sidebar.get_by_label("Username").fill(USERNAME)
        sidebar.get_by_label("Password", exact=True).fill(PASSWORD)
        sidebar.get_by_role("button", name="Sign in").click()
        settle(page)
        expect(sidebar).to_contain_text(f"Signed in as {USERNAME} (editor)")
    sidebar.get_by_role("link", name="Log an update").click()
    settle(page)
    form = page.get_by_test_id("stForm").filter(has_text="Source name")
    expect(form).to_be_visible()  # on a loaded machine the page may take a while to arrive
    choose(page, "Commitment", TITLE, where=form)
    type_date(page, "Observed on", date(2025, 7, 2), where=form)
    choose(page, "Who is speaking", "the US government", where=form)
    form.get_by_role("textbox", name="Source name").fill("Commerce Department")
    form.get_by_text("progress", exact=True).click()
    form.get_by_role("textbox", name="Note or short quote").fill(note)
    form.get_by_role("button", name="Log update").click()
    settle(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("Logged update #")


def test_two_dashboards_two_workers_and_the_command_line_lose_nothing_and_double_nothing(team, tmp_path):
    from playwright.sync_api import sync_playwright

    bases, env, workers = team
    script = "; ".join(
        f"{sys.executable} -m monitors log --commitment {COMMITMENT} --observed 2025-07-02 --source-party cn "
        f"--source MOFCOM --asserts progress --note cli-{n} --by script >/dev/null && "
        f"{sys.executable} -m monitors alerts check >/dev/null"
        for n in range(CLI_UPDATES))
    cli = subprocess.Popen(["bash", "-ec", script], cwd=ROOT, env=env, stderr=subprocess.PIPE)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            pages = [browser.new_page(viewport={"width": 1400, "height": 1000}) for _ in bases]
            for page in pages:
                page.set_default_timeout(60_000)
            for round_ in range(PER_DASHBOARD):
                for number, (page, base) in enumerate(zip(pages, bases)):
                    _log_through_the_form(page, base, f"dashboard-{number}-{round_}", first=round_ == 0)
        finally:
            browser.close()
    _, cli_errors = cli.communicate(timeout=600)
    assert cli.returncode == 0, cli_errors.decode()
    assert all(worker.poll() is None for worker in workers), "both workers still running"
    final = subprocess.run([sys.executable, "-m", "monitors", "alerts", "check"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr

    db = tmp_path / "truce.db"  # the db_url fixture's store (tests/stores.py)
    notes = Counter(note for (note,) in query(db, "SELECT note FROM updates WHERE logged_by IN ('desk', 'script')"))
    expected = {f"dashboard-{d}-{r}" for d in range(2) for r in range(PER_DASHBOARD)} | {f"cli-{n}" for n in range(CLI_UPDATES)}
    assert notes == Counter(expected)
    alerts = query(db, "SELECT key, count(*) FROM alerts GROUP BY key")
    assert alerts and all(count == 1 for _, count in alerts)
    seen = query(db, "SELECT commitment_id, count(*) FROM alert_status_seen GROUP BY commitment_id")
    assert seen and all(count == 1 for _, count in seen)
