"""Benchmark: how the tracker scales with the size of the log. Prints a table.

    .venv/bin/python bench/run.py                    # 10k, 100k and 1M updates, with the browser
    .venv/bin/python bench/run.py --sizes 10000 --no-browser --runs 3
    .venv/bin/python bench/run.py imports --rows 1000000 [--postgres-url postgresql+psycopg://...]
    .venv/bin/python bench/run.py pages --runs 7     # where the pages' time goes, against the bare app

Synthetic stores (1,000 commitments; realistic mixes of parties, kinds, assertions, monthly
figures with periods and revisions, purchase windows, expiries and renewals, extensions, endings
and retractions) are generated once under --workdir and reused. Every figure is
the median of --runs runs, measured in a fresh process, with that process's peak memory; the
ratio of the largest store's status to the smallest's is the median over --calls pairs of calls
made in turn in one process, and the pages' ratios to the bare app are medians of ratios within
rounds, each page loaded in turn: either way the machine's load at any moment slows both alike.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitors.serve import dashboard_command  # noqa: E402  (the same server README's run command starts)

COMMITMENTS = 1000
AS_OF = "2026-06-30"
REPLAY_DAY = "2025-12-31"
FIRST_DAY = date(2025, 1, 1)
# Evidence runs up to the as-of day, as in a real log (nothing is observed after the day it is
# logged): a status for that day is today's status; REPLAY_DAY replays a day half a year earlier.
DAYS = (date.fromisoformat(AS_OF) - FIRST_DAY).days + 1
# Written to a store's `ready` file: a store made with an earlier mix is made again.
MIX = "evidence up to the as-of day"
CHECKS = [
    ({"monitor": "tariffs", "target_rate": 10}, "tariffs", "%", (10, 34)),
    ({"monitor": "rare_earths", "baseline_tonnes": 400, "min_share": 0.8}, "rare_earths", "t", (46, 353, 420)),
    ({"monitor": "export_controls", "measure": "a licence requirement"}, "export_controls", None, ()),
    ({"monitor": "deadlines"}, "deadlines", None, ()),
    ({"monitor": "statements"}, "negotiation", None, ()),
]
# Purchase pledges are few in a real catalog (one in a hundred here), each with monthly figures.
PURCHASES = ({"monitor": "purchases", "unit": "MMT", "windows": [{"start": "2025-01-01", "end": "2025-12-31", "target": 25},
                                                                  {"start": "2026-01-01", "end": "2026-12-31", "target": 25}]},
             "purchases", "MMT", (1.5, 2.0, 3.0))
MONTHLY = {"rare_earths", "purchases"}


def _check_of(number: int) -> tuple:
    return PURCHASES if number % 100 == 99 else CHECKS[number % len(CHECKS)]


def _framework_yaml() -> str:
    import yaml

    commitments = []
    for number in range(COMMITMENTS):
        check, category, _unit, _values = _check_of(number)
        item = {
            "id": f"bench-{number:04d}", "title": f"Benchmark commitment {number}", "obligor": ["us", "cn", "both"][number % 3],
            "category": category, "promise": "A synthetic commitment.", "sources": ["S1"], "check": check,
        }
        if number % 2 == 0:
            item["deadline"] = (FIRST_DAY + timedelta(days=200 + number % 500)).isoformat()
        if number % 4 == 1:
            item["expires"] = (FIRST_DAY + timedelta(days=300 + number % 400)).isoformat()
        if category in MONTHLY:
            item["cadence"] = {"every": "month", "published_within_days": 25}
        if number % 7 == 0:
            item["max_silence_days"] = 180
        if number % 10 in (0, 1):
            item["in_exchange_for"] = [f"bench-{number + 1 if number % 10 == 0 else number - 1:04d}"]
        commitments.append(item)
    return yaml.safe_dump({
        "id": "bench-2025", "name": "Benchmark framework", "date": "2025-01-01", "parties": ["us", "cn"],
        "summary": "Synthetic commitments for the benchmark.",
        "sources": {"S1": {"outlet": "Bench", "title": "Synthetic", "url": "https://example.com/bench"}},
        "commitments": commitments,
    }, sort_keys=False)


def _synthetic_updates(rng: random.Random, count: int, size: int) -> list:
    from monitors.domain import NewUpdate
    from monitors.periods import parse_period

    # A commitment is extended or renewed a handful of times in its life, however much evidence
    # is logged about it: about two per commitment at most, whatever the size of the log.
    moves = min(0.005, 2 * COMMITMENTS / size)
    updates = []
    for _ in range(count):
        number = rng.randrange(COMMITMENTS)
        _check, category, unit, values = _check_of(number)
        measured = bool(values) and rng.random() < 0.6
        observed = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        month = observed.replace(day=1) - timedelta(days=1)
        kind = "data" if measured else rng.choices(["act", "statement"], weights=[40, 60])[0]
        updates.append(NewUpdate(
            commitment_id=f"bench-{number:04d}",
            observed=observed,
            source_party=rng.choices(["us", "cn", "independent"], weights=[35, 35, 30])[0],
            source=rng.choice(["USDA", "China customs"] if category == "purchases" and measured
                              else ["Reuters", "MOFCOM", "BIS", "China customs", "Bloomberg", "USTR"]),
            asserts="ended" if kind == "act" and rng.random() < 0.0001 else rng.choices(["met", "progress", "not_met"], weights=[40, 35, 25])[0],
            kind=kind,
            url="https://example.com/report" if rng.random() < 0.5 else None,
            value=float(rng.choice(values)) if measured else None,
            unit=unit if measured else None,
            period=parse_period(f"{month.year}-{month.month:02d}") if measured and category in MONTHLY else None,
            new_deadline=FIRST_DAY + timedelta(days=rng.randrange(300, 900)) if rng.random() < moves else None,
            new_expiry=FIRST_DAY + timedelta(days=rng.randrange(300, 900)) if kind == "act" and rng.random() < moves else None,
            tier=rng.choices([None, "confirmed", "single_source", "uncertain"], weights=[40, 40, 15, 5])[0],
            note="synthetic" if rng.random() < 0.3 else None,
            logged_by="bench",
        ))
    return updates


def prepare(workdir: Path, size: int) -> Path:
    """A data folder with the synthetic framework and a store of `size` updates (made once)."""
    folder = workdir / str(size)
    if (folder / "ready").exists() and (folder / "ready").read_text() == MIX:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "frameworks").mkdir(parents=True)
    (folder / "evidence").mkdir()
    (folder / "frameworks" / "bench-2025.yaml").write_text(_framework_yaml(), encoding="utf-8")
    from monitors.catalog import load_catalog
    from monitors.store import Store, retractions_table

    now = datetime(2026, 7, 1, tzinfo=timezone.utc)
    store = Store.open(f"sqlite:///{folder / 'truce.db'}", load_catalog(folder / "frameworks"), folder / "evidence", now)
    rng = random.Random(size)
    ids: list[int] = []
    for start in range(0, size, 50_000):
        ids += store.append(_synthetic_updates(rng, min(50_000, size - start), size), now)
    retracted = rng.sample(ids, size // 100)
    with store.writing() as connection:
        connection.execute(retractions_table.insert(), [
            {"update_id": i, "reason": "synthetic correction", "retracted_by": "bench", "logged_at": now.replace(tzinfo=None)}
            for i in retracted
        ])
    store.engine.dispose()
    # The retractions above bypass the store's write path; opening it again brings the
    # deciding state up to date, as it would for any such write.
    Store.open(f"sqlite:///{folder / 'truce.db'}", load_catalog(folder / "frameworks"), folder / "evidence", now).engine.dispose()
    (folder / "ready").write_text(MIX)
    return folder


def scratch_copy(folder: Path) -> Path:
    """A copy of a prepared store for the write benchmarks, so repeated runs read the same log."""
    scratch = folder.with_name(f"{folder.name}-scratch")
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(folder, scratch, ignore=shutil.ignore_patterns("*.db-wal", "*.db-shm", "bare_app.py"))
    return scratch


def _env(folder: Path) -> dict[str, str]:
    return {**os.environ, "TRUCE_DATA_DIR": str(folder), "TRUCE_DB_URL": f"sqlite:///{folder / 'truce.db'}", "PYTHONPATH": str(ROOT)}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def probe(what: str, runs: int) -> dict:
    """Runs inside a fresh process: time `what` `runs` times; report the median and the first
    call's seconds (the first reads and decodes what later calls find kept), and peak memory."""
    from monitors.judging import history
    from monitors.tracker import open_tracker

    tracker = open_tracker()
    as_of = date.fromisoformat(AS_OF)
    header = "commitment,observed,source_party,source,url,asserts,value,unit,new_deadline,note,by\n"
    csv_10k = (header + "".join(f"bench-{n % COMMITMENTS:04d},2026-01-{1 + n % 28:02d},independent,bulk,,progress,,,,row {n},bench\n" for n in range(10_000))).encode()
    actions = {
        "status": lambda: tracker.assessments(as_of),
        "replay": lambda: tracker.assessments(date.fromisoformat(REPLAY_DAY)),
        "history": lambda: history.commitment_history(
            tracker.catalog, tracker.catalog.commitments["bench-0001"], tracker.store.updates(commitment_id="bench-0001"), as_of),
        "log": lambda: tracker.log({"commitment": "bench-0002", "observed": "2026-01-02", "source_party": "us",
                                    "source": "bench", "asserts": "progress"}, by="bench"),
        "import": lambda: tracker.import_csv(io.BytesIO(csv_10k), name="bench.csv", by="bench"),
    }
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        actions[what]()
        seconds.append(time.perf_counter() - started)
    return {"seconds": statistics.median(seconds), "first_seconds": seconds[0], "peak_mb": _peak_mb()}


def _in_fresh_process(folder: Path, what: str, runs: int) -> dict:
    result = subprocess.run([sys.executable, __file__, "probe", what, "--runs", str(runs)], env=_env(folder),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _command(folder: Path, args: list[str], runs: int) -> dict:
    """Median wall time of a whole `python -m monitors ...` process, and its peak memory."""
    seconds, peak = [], 0.0
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "monitors", *args], cwd=ROOT, env=_env(folder),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds.append(time.perf_counter() - started)
        if status != 0:
            raise RuntimeError(f"{args} failed: {process.stderr.read().decode() if process.stderr else ''}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return {"seconds": statistics.median(seconds), "peak_mb": peak}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_streamlit(app: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        dashboard_command(app, "127.0.0.1", port),
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("streamlit did not start")


def _vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _page_ready_seconds(browser, url: str) -> float:
    """Seconds from navigation until Streamlit reports the script has finished running."""
    page = browser.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
    page.wait_for_selector("[data-testid='stMain']", timeout=120_000)
    seconds = time.perf_counter() - started
    page.close()
    return seconds


def browser_figures(folder: Path, runs: int) -> dict:
    """Overview and commitment page against a bare one-line app, loaded in turn, round after
    round, so that the machine's load at any moment slows all three alike: the median time of
    each, and the median of each page's ratio to the bare app's load of the same round."""
    from playwright.sync_api import sync_playwright

    bare = folder / "bare_app.py"
    bare.write_text('import streamlit as st\nst.write("hello")\n')
    env = _env(folder)
    dashboard, dashboard_url = _start_streamlit(ROOT / "dashboard" / "app.py", env)
    bare_server, bare_url = _start_streamlit(bare, env)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            urls = {"bare": bare_url, "overview": dashboard_url, "commitment": f"{dashboard_url}/?commitment=bench-0001"}
            _page_ready_seconds(browser, dashboard_url)
            loads: dict[str, list[float]] = {name: [] for name in urls}
            for _ in range(runs):
                for name, url in urls.items():
                    loads[name].append(_page_ready_seconds(browser, url))
            browser.close()
        figures = {name: statistics.median(seconds) for name, seconds in loads.items()}
        for name in ("overview", "commitment"):
            figures[f"{name}_ratio"] = statistics.median(p / b for p, b in zip(loads[name], loads["bare"]))
        figures["dashboard_peak_mb"] = _vm_hwm_mb(dashboard.pid)
    finally:
        for server in (dashboard, bare_server):
            server.terminate()
            server.wait(timeout=30)
    return figures


def scaling_in_turn(small: Path, large: Path, calls: int) -> dict[str, list[float]]:
    """Runs inside a fresh process: how many times longer the large store's status takes than
    the small one's, each store opened by a tracker of its own and the two called in turn, so
    that the machine's speed at any moment (on this shared machine it drifts by half within a
    minute) slows both alike; per pair of calls, the ratio of today's status and of a replay.
    Measured apart, a few seconds or minutes between them, the same code's ratio ranged from
    1.1 to 2.6."""
    from monitors.settings import Settings
    from monitors.tracker import open_tracker

    trackers = [open_tracker(Settings(f"sqlite:///{folder / 'truce.db'}", folder)) for folder in (small, large)]
    days = {"status": date.fromisoformat(AS_OF), "replay": date.fromisoformat(REPLAY_DAY)}
    ratios: dict[str, list[float]] = {what: [] for what in days}
    for what, day in days.items():
        for tracker in trackers:
            tracker.assessments(day)
        for _ in range(calls):
            seconds = []
            for tracker in trackers:
                started = time.perf_counter()
                tracker.assessments(day)
                seconds.append(time.perf_counter() - started)
            ratios[what].append(seconds[1] / seconds[0])
    return ratios


def _scaling_in_fresh_process(small: Path, large: Path, calls: int) -> dict[str, list[float]]:
    result = subprocess.run([sys.executable, __file__, "scaling", str(small), str(large), "--calls", str(calls)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/truce-bench"))
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--calls", type=int, default=25, help="status calls of the smallest and largest store in turn, for their ratio")
    args = parser.parse_args()
    if args.calls < 2:
        parser.error("--calls: at least 2, for the ratio's quartiles")
    rows, folders = [], []
    for size in [int(s) for s in args.sizes.split(",")]:
        started = time.perf_counter()
        folder = prepare(args.workdir, size)
        folders.append(folder)
        print(f"store of {size:,} updates ready ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        row = {"size": size}
        for what in ("status", "replay", "history"):
            row[what] = _in_fresh_process(folder, what, args.runs)
        row["status_cli"] = _command(folder, ["status", "--format", "json", "--as-of", AS_OF], args.runs)
        if not args.no_browser:
            row["browser"] = browser_figures(folder, args.runs)
        scratch = scratch_copy(folder)
        row["log"] = _in_fresh_process(scratch, "log", args.runs)
        row["log_cli"] = _command(scratch, ["log", "--commitment", "bench-0003", "--observed", "2026-01-03", "--source-party",
                                           "cn", "--source", "bench", "--asserts", "met", "--by", "bench"], args.runs)
        row["import"] = _in_fresh_process(scratch, "import", min(args.runs, 3))
        shutil.rmtree(scratch)
        rows.append(row)
    print_table(rows)
    if len(rows) > 1:
        print_scaling(rows[0]["size"], rows[-1]["size"], _scaling_in_fresh_process(folders[0], folders[-1], args.calls))


def print_scaling(small: int, large: int, ratios: dict[str, list[float]]) -> None:
    for what, found in ratios.items():
        print(f"{what} at {large:,} / at {small:,}: {statistics.median(found):.2f}x, the median of {len(found)} pairs of "
              f"calls in turn (quartiles {_quartiles(found)})")


def _quartiles(values: list[float]) -> str:
    low, _, high = statistics.quantiles(values, n=4)
    return f"{low:.2f}-{high:.2f}"


def print_table(rows: list[dict]) -> None:
    print(f"\n{'updates':>10} | {'status':>9} | {'replay':>9} | {'status CLI':>10} | {'history':>8} | {'log':>7} | {'log CLI':>8} | "
          f"{'import 10k':>10} | {'peak MB':>7} | {'overview/bare':>13} | {'page/bare':>9} | {'dash MB':>7}")
    print("-" * 140)
    for row in rows:
        browser = row.get("browser")
        ratio = f"{browser['overview_ratio']:.2f} ({browser['overview']:.2f}s)" if browser else "-"
        page = f"{browser['commitment_ratio']:.2f}" if browser else "-"
        dash = f"{browser['dashboard_peak_mb']:.0f}" if browser else "-"
        peak = max(row[k]["peak_mb"] for k in ("status", "history", "log", "import"))
        print(f"{row['size']:>10,} | {row['status']['seconds'] * 1000:>7.1f}ms | {row['replay']['seconds'] * 1000:>7.1f}ms | "
              f"{row['status_cli']['seconds']:>9.2f}s | "
              f"{row['history']['seconds'] * 1000:>6.1f}ms | {row['log']['seconds'] * 1000:>5.1f}ms | "
              f"{row['log_cli']['seconds']:>7.2f}s | {row['import']['seconds']:>9.2f}s | {peak:>7.0f} | {ratio:>13} | {page:>9} | {dash:>7}")
    first = ", ".join(f"{row['status']['first_seconds'] * 1000:.1f}ms at {row['size']:,}" for row in rows)
    print(f"\nfirst status in a fresh process: {first}\n")


def _import_file(workdir: Path, rows: int) -> Path:
    """A CSV of `rows` statements spread over the shipped commitments, each with a URL and a
    note, made once under workdir."""
    from monitors.catalog import load_catalog

    path = workdir / f"import-{rows}.csv"
    if path.exists():
        return path
    workdir.mkdir(parents=True, exist_ok=True)
    ids = sorted(load_catalog(ROOT / "data" / "frameworks").commitments)
    parties, claims = ("us", "cn", "independent"), ("met", "progress", "not_met")
    with path.open("w", encoding="utf-8") as out:
        out.write("commitment,observed,source_party,source,url,asserts,note,by\n")
        for n in range(rows):
            out.write(f"{ids[n % len(ids)]},2025-{1 + n % 12:02d}-{1 + n % 28:02d},{parties[n % 3]},Wire {n % 40},"
                      f"https://news.example.org/{n},{claims[n % 3]},report number {n},bench\n")
    return path


def _fresh_postgres_database(server_url: str, name: str) -> str:
    import sqlalchemy as sa

    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)


def import_figures(workdir: Path, rows: int, postgres_url: str | None) -> list[dict]:
    """Rows per second, CPU seconds and peak memory of `python -m monitors import` of a
    `rows`-row file, on a fresh SQLite file and, given a server, a fresh PostgreSQL database.
    The store is created (schema, shipped evidence) before the clock starts; process start-up
    is counted. The CPU seconds are the import process's own (on PostgreSQL the server's work
    is not in them): on a shared machine they vary less than the time."""
    source = _import_file(workdir, rows)
    stores = [("SQLite", f"sqlite:///{workdir / 'import-store.db'}")]
    if postgres_url:
        stores.append(("PostgreSQL", _fresh_postgres_database(postgres_url, "truce_bench_import")))
    figures = []
    for name, url in stores:
        for leftover in workdir.glob("import-store.db*"):
            leftover.unlink()
        env = {**os.environ, "TRUCE_DB_URL": url, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", "from monitors.tracker import open_tracker; open_tracker()"],
                       cwd=ROOT, env=env, check=True)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "monitors", "import", str(source)], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if status != 0:
            raise RuntimeError(f"import on {name} failed: {process.stderr.read().decode() if process.stderr else ''}")
        figures.append({"store": name, "rows": rows, "file_mb": source.stat().st_size / 1e6, "seconds": seconds,
                        "rows_per_second": rows / seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                        "peak_mb": usage.ru_maxrss / 1024})
    return figures


def imports_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py imports", description=import_figures.__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/truce-bench"))
    parser.add_argument("--postgres-url", help="a server to measure on too (a database truce_bench_import is made)")
    args = parser.parse_args(argv)
    print(f"{'store':>10} | {'rows':>10} | {'file MB':>7} | {'seconds':>7} | {'rows/s':>8} | {'CPU s':>7} | {'peak MB':>7}")
    print("-" * 74)
    for row in import_figures(args.workdir, args.rows, args.postgres_url):
        print(f"{row['store']:>10} | {row['rows']:>10,} | {row['file_mb']:>7.0f} | {row['seconds']:>7.1f} | "
              f"{row['rows_per_second']:>8,.0f} | {row['cpu_seconds']:>7.1f} | {row['peak_mb']:>7.0f}")


PAGES = {"overview": "/", "commitment": "/?commitment=bench-0001"}  # the address the overview links to
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]


def _page_load(browser, url: str) -> dict:
    """One fresh load of `url`: seconds until the script has finished, the browser's CPU time
    over it (Chromium's TaskDuration), and the JavaScript files it fetched, with their sizes."""
    page = browser.new_page()
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
    page.wait_for_selector("[data-testid='stMain']", timeout=120_000)
    seconds = time.perf_counter() - started
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    scripts = page.evaluate("performance.getEntriesByType('resource').filter(e => e.name.endsWith('.js'))"
                            ".map(e => [e.name.split('/').pop(), e.decodedBodySize])")
    page.close()
    return {"seconds": seconds, "cpu": metrics["TaskDuration"], "scripts": dict(scripts)}


def page_figures(folder: Path, runs: int) -> None:
    """Where a page's time goes: for the bare app and each page, in rounds so that a busy
    machine slows all alike, the median time to finished and browser CPU, and the JavaScript
    each page fetches beyond what the bare app does (each kind of element brings its own)."""
    from playwright.sync_api import sync_playwright

    bare = folder / "bare_app.py"
    bare.write_text('import streamlit as st\nst.write("hello")\n')
    env = _env(folder)
    dashboard, dashboard_url = _start_streamlit(ROOT / "dashboard" / "app.py", env)
    bare_server, bare_url = _start_streamlit(bare, env)
    urls = {"bare": bare_url, **{name: dashboard_url + path for name, path in PAGES.items()}}
    loads: dict[str, list[dict]] = {name: [] for name in urls}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
            for url in urls.values():
                _page_load(browser, url)
            for _ in range(runs):
                for name, url in urls.items():
                    loads[name].append(_page_load(browser, url))
            browser.close()
    finally:
        for server in (dashboard, bare_server):
            server.terminate()
            server.wait(timeout=30)
    bare_seconds = statistics.median(load["seconds"] for load in loads["bare"])
    bare_scripts = loads["bare"][0]["scripts"]
    for name, found in loads.items():
        seconds = statistics.median(load["seconds"] for load in found)
        ratios = sorted(load["seconds"] / base["seconds"] for load, base in zip(found, loads["bare"]))
        extra = {f: size for f, size in found[0]["scripts"].items() if f not in bare_scripts}
        print(f"{name:>10}: {seconds:.2f} s ({seconds / bare_seconds:.2f} x bare; rounds {ratios[0]:.2f}-{ratios[-1]:.2f}), "
              f"browser CPU {statistics.median(load['cpu'] for load in found):.2f} s, "
              f"{len(extra)} more scripts ({sum(extra.values()) / 1024:.0f} KB)"
              + (": " + ", ".join(f"{f.split('.')[0]} {size / 1024:.0f} KB" for f, size in
                                  sorted(extra.items(), key=lambda item: -item[1])[:8]) if extra else ""))


def pages_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py pages", description=page_figures.__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/truce-bench"))
    args = parser.parse_args(argv)
    page_figures(prepare(args.workdir, args.size), args.runs)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "imports":
        imports_main(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "pages":
        pages_main(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "scaling":
        scaling_args = argparse.ArgumentParser()
        scaling_args.add_argument("small", type=Path)
        scaling_args.add_argument("large", type=Path)
        scaling_args.add_argument("--calls", type=int, default=25)
        parsed = scaling_args.parse_args(sys.argv[2:])
        print(json.dumps(scaling_in_turn(parsed.small, parsed.large, parsed.calls)))
    elif len(sys.argv) > 1 and sys.argv[1] == "probe":
        probe_args = argparse.ArgumentParser()
        probe_args.add_argument("what")
        probe_args.add_argument("--runs", type=int, default=5)
        parsed = probe_args.parse_args(sys.argv[2:])
        print(json.dumps(probe(parsed.what, parsed.runs)))
    else:
        main()
