"""Reading back what the dashboard drew as Markdown: tables and escaped text."""

from __future__ import annotations

import re

_ESCAPED = re.compile(r"\\(.)")
_CELL_BORDER = re.compile(r"(?<!\\)\|")


def unescape(text: str) -> str:
    """The text as a reader sees it: escapes and the invisible marks view.escape adds removed."""
    return _ESCAPED.sub(r"\1", text).replace("\u200b", "")


def table_rows(markdown: str) -> list[dict[str, str]]:
    """A Markdown table as one dict per row, keyed by the header, cells unescaped."""
    lines = [line.strip() for line in markdown.splitlines() if line.strip().startswith("|")]
    header, *body = [[unescape(c).strip() for c in _CELL_BORDER.split(line.strip("|"))] for line in lines]
    return [dict(zip(header, row)) for row in body if not all(set(c) <= {"-", " "} for c in row)]
