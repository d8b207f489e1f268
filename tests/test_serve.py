"""README's run command: `python -m monitors serve` starts the dashboard and the alert worker,
and stops both on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa

from tests.stores import query, url_for

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[str]:
    """Command lines of pid's live children, read from /proc: `ps` cuts them to the terminal's width."""
    found = []
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            stat = (process / "stat").read_text()
            command = (process / "cmdline").read_bytes()
        except (FileNotFoundError, ProcessLookupError):
            continue
        # The command name in field 2 may hold spaces and parentheses; the fields after it do not.
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if parent == str(pid) and state != "Z" and command:
            found.append(command.rstrip(b"\0").replace(b"\0", b" ").decode(errors="replace"))
    return found


def _wait_for_first_scan(db: Path) -> bool:
    """The worker scans once at start; a scan records every commitment's status."""
    for _ in range(600):
        try:
            if query(db, "SELECT count(*) FROM alert_status_seen")[0][0] > 0:
                return True
        except sa.exc.DBAPIError:
            pass
        time.sleep(0.1)
    return False


def test_it_serves_the_dashboard_beside_the_alert_worker_and_stops_both(tmp_path):
    port = _free_port()
    env = {**os.environ, "TRUCE_DB_URL": url_for(tmp_path / 'truce.db')}
    server = subprocess.Popen([sys.executable, "-m", "monitors", "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        healthy = False
        for _ in range(300):
            try:
                healthy = urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=1).read() == b"ok"
                break
            except OSError:
                time.sleep(0.1)
        assert healthy, "the dashboard never answered its health check"
        children = _children(server.pid)
        assert any("streamlit run" in c and "dashboard/app.py" in c for c in children)
        assert any("monitors alerts run" in c for c in children)
        assert _wait_for_first_scan(tmp_path / "truce.db"), "the alert worker never scanned"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode == 0
    assert _children(server.pid) == []
