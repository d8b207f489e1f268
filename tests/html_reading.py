"""Reading back what the dashboard drew as HTML (dashboard/html_blocks.py): its named sections,
tables, list items, links and text as a reader sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """The text as shown, without the invisible word joiners that keep dates whole."""
        return "".join(c if isinstance(c, str) else ("\n" if c.tag == "br" else c.text()) for c in self.children).replace("\u2060", "")

    def all(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found += child.all(tag)
        return found

    def section(self, name: str) -> Node:
        """The part of the block named `name` (`data-section`)."""
        [found] = [d for d in self.all("div") if d.attrs.get("data-section") == name]
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(node)
        if tag not in _VOID:
            self.open.append(node)

    def handle_endtag(self, tag: str) -> None:
        while len(self.open) > 1:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def drawn(area: Any) -> Node:
    """Every `st.html` element of an AppTest area (`at.main`, a container), parsed as one page."""
    return parse("".join(element.value for element in area.html))


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def table_rows(node: Node) -> list[dict[str, str]]:
    """The first table under `node` as one dict per row, keyed by its header."""
    table = node.all("table")[0]
    header = [th.text() for th in table.all("th")]
    return [dict(zip(header, (td.text() for td in row.all("td")))) for row in table.all("tr") if row.all("td")]


def list_items(node: Node) -> list[Node]:
    return node.all("li")
