"""Many processes writing to the default SQLite store at once: nothing lost, nothing doubled,
no 'database is locked' reaching anyone."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests.stores import query, url_for

ROOT = Path(__file__).resolve().parent.parent
WRITERS, PER_WRITER, CLI_WRITERS, PER_CLI_WRITER = 8, 250, 2, 5


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "TRUCE_DB_URL": url_for(db), "PYTHONPATH": str(ROOT)}


def _cli_script(name: str) -> str:
    """A shell loop logging through `python -m monitors log`, as a cron job would."""
    return "; ".join(
        f"{sys.executable} -m monitors log --commitment london-us-ethane --observed 2025-07-02 --source-party us "
        f"--source cli --asserts progress --note {name}-{n} --by {name} >/dev/null"
        for n in range(PER_CLI_WRITER)
    )


def test_it_keeps_every_update_from_concurrent_form_and_command_line_writers(tmp_path):
    db = tmp_path / "truce.db"
    env = _env(db)
    writers = [
        subprocess.Popen([sys.executable, str(ROOT / "tests" / "writer.py"), f"w{i}", str(PER_WRITER)], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(WRITERS)
    ]
    cli_writers = [
        subprocess.Popen(["bash", "-ec", _cli_script(f"c{i}")], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(CLI_WRITERS)
    ]
    for process in writers + cli_writers:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        assert "locked" not in stderr

    notes = Counter(row[0] for row in query(db, "SELECT note FROM updates WHERE logged_by LIKE 'w%' OR logged_by LIKE 'c%'"))
    expected = {f"w{i}-{n}" for i in range(WRITERS) for n in range(PER_WRITER)}
    assert set(notes) >= expected
    assert all(notes[note] == 1 for note in expected)
    assert sum(notes.values()) == WRITERS * PER_WRITER + CLI_WRITERS * PER_CLI_WRITER
