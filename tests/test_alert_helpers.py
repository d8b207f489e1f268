"""Shared pieces of the alert tests (no tests here): a store on a temporary SQLite file with the
shipped data, a recording fake channel, and real loopback SMTP and HTTP servers."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from tests.stores import url_for

from monitors.alerts.channels import DeliveryError
from monitors.alerts.routing import Route
from monitors.alerts.settings import AlertSettings, load_alert_settings
from monitors.catalog import load_catalog
from monitors.clock import Clock
from monitors.store import Store
from monitors.tracker import Tracker

PROJECT = Path(__file__).resolve().parent.parent
CATALOG = load_catalog(PROJECT / "data" / "frameworks")
EVIDENCE = PROJECT / "data" / "evidence"
REMINDER_7 = datetime(2025, 8, 5, 9, 0, tzinfo=timezone.utc)


class MutableClock:
    """A frozen clock that a test moves by hand."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def open_tracker(tmp_path: Path, clock: Clock) -> Tracker:
    store = Store.open(url_for(tmp_path / 't.db'), CATALOG, EVIDENCE, clock())
    return Tracker(CATALOG, store, clock)


def alert_settings(**overrides: str) -> AlertSettings:
    """Settings from an environment holding only the given variables, named without their
    TRUCE_ALERT_ or TRUCE_ prefix (urls="...", dashboard_url="...")."""
    names = {k: f"TRUCE_{k.upper()}" if k == "dashboard_url" else f"TRUCE_ALERT_{k.upper()}" for k in overrides}
    return load_alert_settings({names[k]: v for k, v in overrides.items()})


@dataclass
class RecordingChannel:
    """A fake channel that keeps what it was asked to send, or fails while `error` is set."""

    name: str
    route: Route = field(default_factory=Route)
    error: DeliveryError | None = None
    sent: list[tuple[str, str]] = field(default_factory=list)
    tries: int = 0

    def send(self, subject: str, body: str) -> None:
        self.tries += 1
        if self.error is not None:
            raise self.error
        self.sent.append((subject, body))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpRecorder:
    """aiosmtpd handler keeping every message it accepted."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[SmtpRecorder, int]]:
    recorder, port = SmtpRecorder(), free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


class WebhookServer(ThreadingHTTPServer):
    """A loopback HTTP server for apprise `json://`. `mode` is "ok" (accept), "refuse" (503) or
    "hold" (keep the request unanswered until `release` is set, then drop it unanswered)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _WebhookHandler)
        self.mode = "ok"
        self.accepted: list[dict[str, Any]] = []
        self.requests = 0
        self.held = threading.Event()
        self.release = threading.Event()
        self.delivered = threading.Event()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _WebhookHandler(BaseHTTPRequestHandler):
    server: WebhookServer

    def do_POST(self) -> None:
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests += 1
        if self.server.mode == "hold":
            self.server.held.set()
            self.server.release.wait(30)
            self.close_connection = True
            return
        if self.server.mode == "refuse":
            self.send_response(503)
            self.end_headers()
            return
        self.server.accepted.append(payload)
        self.send_response(200)
        self.end_headers()
        self.server.delivered.set()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def webhook_servers() -> Iterator[Callable[[], WebhookServer]]:
    """A factory of started webhook servers, all stopped at the end of the test."""
    started: list[WebhookServer] = []

    def start() -> WebhookServer:
        server = WebhookServer()
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.release.set()
        server.shutdown()
        server.server_close()
