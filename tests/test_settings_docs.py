"""docs/settings.md documents every setting in the registry, with its default, so the docs
cannot drift from the code."""

from pathlib import Path

import pytest

from monitors.settings import SETTINGS

DOCS = (Path(__file__).resolve().parent.parent / "docs" / "settings.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_it_documents_every_setting_with_its_default(setting):
    rows = [line for line in DOCS.splitlines() if line.startswith(f"| `{setting.name}` |")]
    assert len(rows) == 1, f"docs/settings.md needs one table row for {setting.name}"
    default = f"`{setting.default}`" if setting.default else "(empty)"
    assert rows[0].split("|")[2].strip() == default
