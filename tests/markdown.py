"""Reading back what the dashboard drew as Markdown: tables and escaped text."""

from __future__ import annotations

import re

_ESCAPED = re.compile(r"\\(.)")
_CELL_BORDER = re.compile(r"(?<!\\)\|")


def unescape(text: str) -> str:
    """The text as a reader sees it: escapes and the invisible marks view.escape adds removed."""
    return _ESCAPED.sub(r"\1", text).replace("\u2060", "")


def table_rows(markdown: str) -> list[dict[str, str]]:
    """A Markdown table as one dict per row, keyed by the header, cells unescaped."""
    lines = [line.strip() for line in markdown.splitlines() if line.strip().startswith("|")]
    header, _rule, *body = [[unescape(c).strip() for c in _CELL_BORDER.split(line[1:-1])] for line in lines]
    return [dict(zip(header, row)) for row in body]


def unescaped_marks(markdown: str, marks: str = "<>*_[]()`$&") -> str:
    """The marks Markdown or HTML would read that are not escaped by a backslash, in order."""
    found, index = [], 0
    while index < len(markdown):
        if markdown[index] == "\\":
            index += 2
            continue
        if markdown[index] in marks:
            found.append(markdown[index])
        index += 1
    return "".join(found)
