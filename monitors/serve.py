"""`python -m monitors serve`: the dashboard and the alert scheduler, each a process of its own.

The scheduler must not live inside the Streamlit server (every rerun or cache clear would
start another), so this starts both as children, stops both when either ends, and forwards
Ctrl-C and SIGTERM. The worker is told the address served here (TRUCE_DASHBOARD_URL in its
environment), so the links in alerts open this dashboard, unless that setting is configured
(a public address in front of it).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import TextIO

from monitors.alerts.settings import configured
from monitors.settings import PROJECT_ROOT

DASHBOARD = PROJECT_ROOT / "dashboard" / "app.py"


def dashboard_command(app: Path, address: str, port: int) -> list[str]:
    """A Streamlit server for `app` as it runs in use: no file watcher (the code does not change
    under a running server, and polling for changes costs CPU) and no magic (no page relies on
    it, and it rewrites each page's syntax tree on every run), and no error details in the
    browser (the pages show failures in words; should one slip past, the visitor still gets no
    stack trace with the server's file paths)."""
    return [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.headless", "true", "--server.address", address, "--server.port", str(port),
        "--server.fileWatcherType", "none", "--runner.magicEnabled", "false", "--browser.gatherUsageStats", "false",
        "--client.showErrorDetails", "none",
    ]


def child_commands(address: str, port: int) -> list[list[str]]:
    """The dashboard server and the alert worker, run with this same interpreter."""
    return [dashboard_command(DASHBOARD, address, port), [sys.executable, "-m", "monitors", "alerts", "run"]]


def served_url(address: str, port: int) -> str:
    """The address a person opens: the host's name when listening on every interface."""
    host = socket.gethostname() if address in ("", "0.0.0.0", "::") else address
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def worker_environment(address: str, port: int, environ: Mapping[str, str]) -> dict[str, str]:
    """The worker's environment: the served address as TRUCE_DASHBOARD_URL unless configured."""
    env = dict(environ)
    if configured("TRUCE_DASHBOARD_URL", environ) is None:
        env["TRUCE_DASHBOARD_URL"] = served_url(address, port)
    return env


def add_serve_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = commands.add_parser("serve", help="run the dashboard and the alert scheduler until stopped")
    serve.add_argument("--address", default="localhost", help="address the dashboard listens on (default: localhost)")
    serve.add_argument("--port", type=int, default=8501, help="dashboard port (default: 8501)")
    serve.set_defaults(handler=_serve)


def _serve(_tracker: object, args: argparse.Namespace, out: TextIO) -> int:
    """The store is already open (created and seeded) when the children start."""
    environ = dict(os.environ)
    return serve(child_commands(args.address, args.port), out,
                 [environ, worker_environment(args.address, args.port, environ)])


def serve(commands: Sequence[list[str]], out: TextIO, environments: Sequence[Mapping[str, str]] | None = None) -> int:
    """Start the children (each with its environment, default this one's), wait until one ends
    or a stop signal arrives, then stop them all."""
    envs = environments or [dict(os.environ)] * len(commands)
    children = [subprocess.Popen(command, cwd=PROJECT_ROOT, env=env) for command, env in zip(commands, envs, strict=True)]
    stopping = False

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        stop_processes(children)
    failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
    if failed and not stopping:
        out.write(f"stopped: {' '.join(failed[0].args[:4])} exited with {failed[0].returncode}\n")
        return 1
    return 0


def stop_processes(processes: Sequence[subprocess.Popen[bytes]], timeout: float = 15) -> None:
    """Ask each process still running to stop, then kill any that has not within `timeout` s."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
