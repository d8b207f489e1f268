"""The whole dashboard in a real browser: Playwright drives Debian's Chromium against
`streamlit run dashboard/app.py` on a temporary store. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from monitors.serve import DASHBOARD, dashboard_command, stop_processes

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
USERNAME, PASSWORD = "newcomer", "a long and careful password"
COMMITMENT = "london-us-nvidia-h20"
COMMITMENT_TITLE = "US grants licences for Nvidia H20 chip sales to China"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium (apt-get install chromium)"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(base: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{base} did not become healthy within {timeout} s")


@pytest.fixture
def dashboard(db_url: str, tmp_path: Path) -> Iterator[str]:
    """The dashboard served on a free port, with one editor account created the README's way."""
    env = {**os.environ, "TRUCE_DB_URL": db_url}
    subprocess.run(
        [sys.executable, "-m", "monitors", "users", "add", USERNAME, "--password-stdin"],
        input=f"{PASSWORD}\n", text=True, env=env, cwd=PROJECT_ROOT, check=True, capture_output=True,
    )
    port = free_port()
    log = tmp_path / "streamlit.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*dashboard_command(DASHBOARD, "127.0.0.1", port),
             "--secrets.files", str(tmp_path / "no-secrets.toml")],  # local sign-in, whatever this machine has
            cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, server, log)
        yield base
    finally:
        stop_processes([server], timeout=20)


@pytest.fixture
def page(dashboard: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            tab = context.new_page()
            tab.set_default_timeout(30_000)
            yield tab
        finally:
            browser.close()


def settle(page) -> None:
    """Wait until Streamlit has finished the run a navigation or click started."""
    page.wait_for_timeout(150)
    page.wait_for_selector(IDLE)


def screenshot(page, name: str, height: int = 2600) -> None:
    """The page at 1400 px wide, in a window `height` tall: Streamlit scrolls inside its own
    container, so a full-page capture only holds what the window shows."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": height})
    page.wait_for_timeout(800)  # let the charts draw
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def as_shown(text: str) -> re.Pattern[str]:
    """Text as the page shows it: each ISO date in it kept whole by an invisible word joiner
    after each hyphen (dashboard/view.py), which a reader does not see."""
    parts = re.split(r"(\d{4}-\d{2}-\d{2})", text)
    return re.compile("".join("-\u2060?".join(part.split("-")) if i % 2 else re.escape(part)
                              for i, part in enumerate(parts)))


# The text of each cell that the browser lays out on more than one line.
BROKEN_CELLS = """cells => cells.filter(cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map(box => Math.round(box.top))).size > 1;
}).map(cell => cell.innerText)"""


def choose(page, label: str, option: str, where=None) -> None:
    """Pick an option of a select box by typing it. The click is tried again, typing anew, when
    the list was redrawn under it: that happened once with two dashboards and two workers busy
    on one store."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = (where or page).get_by_test_id("stSelectbox").filter(has_text=label)
    for attempt in range(3):
        box.locator("input").click()
        box.locator("input").fill(option)
        try:
            page.get_by_role("option", name=option).first.click(timeout=20_000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


def type_date(page, label: str, day: date, where=None) -> None:
    field = (where or page).get_by_test_id("stDateInput").filter(has_text=label).locator("input")
    field.fill(day.isoformat())
    field.press("Enter")
    field.press("Escape")


def type_as_of(page, day: date) -> None:
    """Type a date into the sidebar's as-of field key by key, as a person does (its year,
    month and day are separate fields that move on as they fill), without closing the calendar."""
    field = page.get_by_test_id("stSidebar").get_by_test_id("stDateInputField")
    field.locator("[role='spinbutton'][data-type='year']").click()
    page.keyboard.type(day.strftime("%Y%m%d"))


def download(page, button: str) -> str:
    with page.expect_download() as started:
        page.get_by_role("button", name=button).click()
    return Path(started.value.path()).read_text(encoding="utf-8")


def test_sign_in_log_an_update_see_it_and_replay_an_earlier_day(dashboard, page):
    from playwright.sync_api import expect

    page.goto(dashboard)
    settle(page)
    expect(page.locator("[data-section=totals]")).to_contain_text(re.compile(r"\b[1-9]\d* pending"))
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)  # viewer mode (.streamlit/config.toml)
    screenshot(page, "overview.png")

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("link", name="Download").click()
    settle(page)
    expect(page.get_by_role("button", name="Statuses (CSV)")).to_be_enabled()
    assert f"\n{COMMITMENT},{COMMITMENT_TITLE},london-2025,us,export_controls,pending," in download(page, "Statuses (CSV)")
    assert download(page, "Deadlines (iCalendar)").startswith("BEGIN:VCALENDAR")

    sidebar.get_by_role("button", name="Editor sign-in").click()
    settle(page)
    sidebar.get_by_label("Username").fill(USERNAME)
    sidebar.get_by_label("Password", exact=True).fill(PASSWORD)
    sidebar.get_by_role("button", name="Sign in").click()
    settle(page)
    expect(sidebar).to_contain_text(f"Signed in as {USERNAME} (editor)")
    page.wait_for_timeout(500)  # the sign-in hands its token to the browser
    page.reload()
    settle(page)
    expect(sidebar).to_contain_text(f"Signed in as {USERNAME} (editor)")  # a reload keeps the sign-in

    sidebar.get_by_role("link", name="Overview").click()
    settle(page)
    with page.context.expect_page() as opened:  # a commitment opens in a tab of its own
        page.locator("[data-section=commitment-links]").get_by_role("link", name=COMMITMENT_TITLE).click()
    tab = opened.value
    settle(tab)
    expect(tab.get_by_role("heading", name=COMMITMENT_TITLE)).to_be_visible()
    expect(tab.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {USERNAME} (editor)")  # signed in there too
    tab.close()

    sidebar.get_by_role("link", name="Log an update").click()
    settle(page)
    screenshot(page, "log-form.png")
    today = date.fromisoformat(re.search(r"As of today, (\d{4}-\d{2}-\d{2})", sidebar.inner_text()).group(1))
    form = page.get_by_test_id("stForm").filter(has_text="Source name")
    choose(page, "Commitment", COMMITMENT_TITLE, where=form)
    type_date(page, "Observed on", today, where=form)
    choose(page, "Who is speaking", "the US government", where=form)
    form.get_by_role("textbox", name="Source name").fill("Commerce Department statement")
    form.get_by_role("textbox", name="Source URL").fill("https://www.commerce.gov/news")
    form.get_by_text("met", exact=True).click()
    form.get_by_text("act", exact=True).click()  # a government's act; a statement alone never makes it met
    form.get_by_role("textbox", name="Note or short quote").fill("Licences for H20 sales granted.")
    form.get_by_role("button", name="Log update").click()
    settle(page)
    confirmation = page.get_by_test_id("stAlertContentSuccess")
    expect(confirmation).to_contain_text("Logged update #")
    expect(confirmation).to_contain_text("pending → met")

    page.get_by_role("link", name="Open the commitment").click()
    settle(page)
    expect(page.get_by_role("heading", name=COMMITMENT_TITLE)).to_be_visible()
    status = page.locator("[data-section=status]")
    expect(status).to_contain_text("met")
    expect(status).to_contain_text("Commerce Department statement")
    newest_change = page.locator("[data-section=status-history] tbody tr").first
    expect(newest_change).to_contain_text(as_shown(today.isoformat()))
    expect(newest_change).to_contain_text("New evidence observed that day (#")
    screenshot(page, "commitment.png", height=3600)
    whole = page.locator("[data-section=evidence] tbody td:first-child, [data-section=status-history] tbody td:first-child,"
                         " [data-section=evidence] tbody td:last-child")
    assert whole.count() > 2
    assert whole.evaluate_all(BROKEN_CELLS) == []  # no date, update number or name cut in two at 1400 px

    sidebar.get_by_role("button", name="Replay an earlier day").click()
    settle(page)
    type_as_of(page, today - timedelta(days=2))
    page.get_by_role("heading", name=COMMITMENT_TITLE).click()  # leaving the field applies the date
    settle(page)
    expect(page.get_by_role("heading", name=as_shown(f"Status as of {(today - timedelta(days=2)).isoformat()}"))).to_be_visible()
    type_as_of(page, today - timedelta(days=1))
    page.keyboard.press("Enter")  # so does Enter, with the calendar still open
    settle(page)
    expect(page.get_by_role("heading", name=as_shown(f"Status as of {(today - timedelta(days=1)).isoformat()}"))).to_be_visible()
    expect(page.get_by_test_id("stDateInputCalendar")).to_have_count(0)
    type_as_of(page, today - timedelta(days=3))
    page.keyboard.press("Tab")  # and so does Tab: past the calendar's button, out of the field
    page.keyboard.press("Tab")
    settle(page)
    expect(page.get_by_role("heading", name=as_shown(f"Status as of {(today - timedelta(days=3)).isoformat()}"))).to_be_visible()
    type_as_of(page, today - timedelta(days=1))
    page.keyboard.press("Enter")
    settle(page)
    expect(status).to_contain_text("pending")
    expect(status).not_to_contain_text("Commerce Department statement")

    sidebar.get_by_role("link", name="Alerts", exact=True).click()
    settle(page)
    expect(page.get_by_role("heading", name="Alerts")).to_be_visible()
    expect(page.get_by_text("nothing to acknowledge")).to_be_visible()
    sidebar.get_by_role("link", name="Audit").click()
    settle(page)
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.locator(".st-key-audit-trail table")).to_contain_text(USERNAME)  # the update just logged, by its editor
    expect(page.get_by_test_id("stException")).to_have_count(0)

    other = page.context.new_page()
    other.goto(dashboard)
    settle(other)
    other_sidebar = other.get_by_test_id("stSidebar")
    expect(other_sidebar).to_contain_text(f"Signed in as {USERNAME} (editor)")  # a new tab is signed in too
    other_sidebar.get_by_role("button", name="Sign out").click()
    settle(other)
    expect(other_sidebar.get_by_role("button", name="Editor sign-in")).to_be_visible()
    sidebar.get_by_role("link", name="Overview").click()
    settle(page)
    expect(sidebar.get_by_role("button", name="Editor sign-in")).to_be_visible()  # signed out everywhere
    page.reload()
    settle(page)
    expect(sidebar.get_by_role("button", name="Editor sign-in")).to_be_visible()


def current_entry(page):
    """The sidebar menu's entry marked as the page shown."""
    return page.get_by_test_id("stSidebarNav").locator("a[aria-current='page']")


def test_a_commitment_opens_at_the_dashboards_own_address_and_at_its_old_one(dashboard, page):
    from playwright.sync_api import expect

    day = "2025-09-01"
    page.goto(f"{dashboard}/?as_of={day}")
    settle(page)
    most_urgent = page.locator("[data-section=commitment-links]").get_by_role("link").first
    title = most_urgent.inner_text()
    with page.context.expect_page() as opened:
        most_urgent.click()
    tab = opened.value
    settle(tab)
    address = tab.url
    assert re.fullmatch(re.escape(dashboard) + r"/\?commitment=[a-z0-9-]+&as_of=" + day, address)
    expect(tab.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(tab.get_by_role("heading", name=as_shown(f"Status as of {day}"))).to_be_visible()
    expect(current_entry(tab)).to_have_text(re.compile("Commitment$"))
    screenshot(tab, "commitment-at-the-root.png", height=3600)

    tab.get_by_test_id("stSidebarNav").get_by_role("link", name="Overview").click()
    settle(tab)
    assert tab.url == f"{dashboard}/?as_of={day}"  # the replayed day carries over
    expect(current_entry(tab)).to_have_text(re.compile("Overview$"))
    tab.go_back()
    settle(tab)
    expect(tab.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(current_entry(tab)).to_have_text(re.compile("Commitment$"))
    tab.go_forward()
    settle(tab)
    expect(tab.locator("[data-section=totals]")).to_be_visible()
    tab.go_back()
    settle(tab)
    tab.reload()
    settle(tab)
    assert tab.url == address
    expect(tab.get_by_role("heading", name=as_shown(f"Status as of {day}"))).to_be_visible()
    tab.close()

    page.goto(f"{dashboard}/commitment?commitment=geneva-90-day-window")  # as shared before
    settle(page)
    expect(page.get_by_role("heading", name="Negotiating window of the tariff suspension")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)  # no "page not found"
    expect(page.get_by_test_id("stException")).to_have_count(0)

    # The menu's Overview beside an open commitment points to /overview; opened in a new tab, that
    # address is loaded without ?commitment= and must still find its page.
    page.goto(f"{dashboard}/overview?as_of={day}")
    settle(page)
    expect(page.locator("[data-section=totals]")).to_be_visible()
    expect(page.get_by_role("heading", name=as_shown(f"Status as of {day}"))).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_a_shared_replay_address_the_stale_flag_and_every_chart_kind(dashboard, page, db_url):
    from playwright.sync_api import expect

    from monitors.settings import load_settings
    from monitors.tracker import open_tracker

    day = date(2025, 6, 15)
    tracker = open_tracker(load_settings())
    counts = {s: sum(a.status == s for a in tracker.assessments(day)) for s in ("met", "pending", "disputed")}

    page.goto(f"{dashboard}/?as_of={day.isoformat()}")
    settle(page)
    expect(page.get_by_test_id("stAlertContentInfo").first).to_contain_text(f"as it stood on {day.isoformat()}")
    for status, count in counts.items():
        expect(page.locator("[data-section=totals]")).to_contain_text(f"{count} {status}")
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stDateInput").locator("input")).to_have_value(day.isoformat())
    expect(page.get_by_test_id("stException")).to_have_count(0)

    page.goto(f"{dashboard}/?as_of=2999-01-01")
    settle(page)
    expect(page.get_by_test_id("stAlertContentWarning").first).to_contain_text("2999-01-01, which is after today")

    stale = next(a for a in tracker.assessments() if "stale" in a.flags and a.commitment_id == "london-cn-export-licences")
    page.goto(f"{dashboard}/?commitment={stale.commitment_id}")
    settle(page)
    expect(page.locator("[data-section=status]")).to_contain_text("stale")
    expect(page.locator("[data-section=freshness]")).to_contain_text(as_shown(f"Newest evidence {stale.latest_evidence.isoformat()}"))
    expect(page.locator(".st-key-measured-chart")).to_have_count(0)  # drawn when asked for
    page.get_by_role("button", name="Draw the charts").click()
    settle(page)
    expect(page.locator(".st-key-measured-chart canvas, .st-key-measured-chart svg").first).to_be_visible()
    screenshot(page, "commitment-figures-by-period.png", height=4600)

    for commitment_id, chart, name in (("geneva-us-reciprocal-rate", "tariff-chart", "commitment-tariff-steps.png"),
                                       ("busan-cn-soybean-purchases", "purchase-chart", "commitment-purchases.png")):
        page.goto(f"{dashboard}/?commitment={commitment_id}")
        settle(page)
        page.get_by_role("button", name="Draw the charts").click()
        settle(page)
        expect(page.locator(f".st-key-{chart} canvas, .st-key-{chart} svg").first).to_be_visible()
        screenshot(page, name, height=4000)

    page.goto(f"{dashboard}/timeline")
    settle(page)
    expect(page.locator(".st-key-status-timeline canvas, .st-key-status-timeline svg").first).to_be_visible()
    screenshot(page, "timeline.png")
    expect(page.get_by_test_id("stException")).to_have_count(0)
