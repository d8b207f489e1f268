"""The briefing (monitors/briefing.py) laid out as a PDF with fpdf2: a title page with the counts,
then each framework's commitments with status, explanation, a bar chart of the figures that
matter and the sources cited.

fpdf2's built-in Helvetica needs no font file on the machine, but covers only Windows-1252;
other characters are spelled out or replaced, so the report renders anywhere."""

from __future__ import annotations

import unicodedata

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from monitors.briefing import FLAG_WORDS, Briefing, Entry, Figures

STATUS_RGB = {"met": (46, 125, 50), "pending": (178, 106, 0), "disputed": (198, 40, 40)}
PARTY_RGB = {"the US government": (31, 95, 191), "the Chinese government": (209, 73, 91), "independent sources": (107, 107, 107)}
_SPELLED = {"⇄": "<->", "→": "->", "★": "*", "≥": ">=", "≤": "<=", "\u2060": "", "\u200b": "", "\u00a0": " "}
LINE = 5.0


def plain(text: str) -> str:
    """Text Helvetica can draw: Windows-1252 as is, a few marks spelled out, accents dropped
    from what is left, anything else as '?'."""
    out = []
    for char in text:
        char = _SPELLED.get(char, char)
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(decomposed or "?")
    return "".join(out)


class _Report(FPDF):
    def __init__(self, as_of: str):
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.as_of = as_of
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(plain(f"US-China trade truce briefing as of {as_of}"))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(110)
        self.cell(0, 5, plain(f"Trade-truce compliance monitor, as of {self.as_of} - page {self.page_no()}"), align="C")

    def write_line(self, text: str, size: float = 10, bold: bool = False, rgb: tuple[int, int, int] = (0, 0, 0)) -> None:
        self.set_font("Helvetica", style="B" if bold else "", size=size)
        self.set_text_color(*rgb)
        self.multi_cell(0, LINE * size / 10, plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _bars(pdf: _Report, chart: Figures) -> None:
    """A small bar chart drawn with rectangles: one bar per (period, party), levels as lines."""
    width, height = pdf.epw, 38.0
    if pdf.will_page_break(height + 14):
        pdf.add_page()
    top, left = pdf.get_y() + 2, pdf.l_margin
    peak = max([v for _, _, v in chart.bars] + [v for _, v in chart.levels] + [1.0])
    slot = width / len(chart.bars)
    pdf.set_font("Helvetica", size=6)
    for index, (period, party, value) in enumerate(chart.bars):
        bar = height * value / peak
        pdf.set_fill_color(*PARTY_RGB.get(party, (120, 120, 120)))
        pdf.rect(left + index * slot + slot * 0.15, top + height - bar, slot * 0.7, bar, style="F")
        pdf.set_text_color(60)
        pdf.text(left + index * slot + slot * 0.15, top + height - bar - 1, f"{value:g}")
        pdf.text(left + index * slot + slot * 0.15, top + height + 3, plain(period)[: max(4, int(slot / 1.3))])
    pdf.set_draw_color(90)
    for label, value in chart.levels:
        y = top + height - height * value / peak
        pdf.set_dash_pattern(dash=1.5, gap=1)
        pdf.line(left, y, left + width, y)
        pdf.set_dash_pattern()
        pdf.text(left + width - 60, y - 0.8, plain(label))
    pdf.set_y(top + height + 6)
    parties = sorted({party for _, party, _ in chart.bars})
    pdf.write_line(f"Figures by period ({chart.unit}), reported by " + ", ".join(parties) + "; dashed: the levels it is judged by.",
                   size=7, rgb=(90, 90, 90))


def _entry(pdf: _Report, entry: Entry) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.write_line(entry.title, size=11, bold=True)
    flags = f" ({', '.join(entry.flags)})" if entry.flags else ""
    pdf.write_line(f"{entry.status.upper()}{flags}", size=9, bold=True, rgb=STATUS_RGB.get(entry.status, (0, 0, 0)))
    facts = [f"owed by {entry.obligor}", entry.category]
    if entry.deadline:
        facts.append(f"deadline {entry.deadline.isoformat()}")
    facts.append(f"newest evidence {entry.latest_evidence.isoformat()}" if entry.latest_evidence else "no evidence logged yet")
    pdf.write_line(" - ".join(facts), size=8, rgb=(90, 90, 90))
    pdf.write_line(entry.explanation, size=9)
    if entry.figures is not None:
        _bars(pdf, entry.figures)
    if entry.evidence:
        pdf.write_line("Evidence the status rests on:", size=8, bold=True)
        for line in entry.evidence:
            pdf.write_line(line, size=7.5)
    pdf.write_line("Where it is written:", size=8, bold=True)
    for line in entry.sources:
        pdf.write_line(line, size=7.5)
    pdf.ln(3)


def render(briefing: Briefing) -> bytes:
    """The briefing as PDF bytes."""
    pdf = _Report(briefing.as_of.isoformat())
    pdf.add_page()
    pdf.write_line("US-China trade truce: who is keeping which commitment", size=18, bold=True)
    pdf.write_line(f"Briefing as of {briefing.as_of.isoformat()}, judged from the evidence observed by that day.", size=10)
    newest = briefing.newest_evidence.isoformat() if briefing.newest_evidence else "none"
    pdf.write_line(f"Newest evidence: {newest}.", size=10)
    pdf.ln(2)
    counts = ", ".join(f"{n} {status}" for status, n in briefing.counts.items())
    flagged = ", ".join(f"{n} {FLAG_WORDS.get(flag, flag)}" for flag, n in sorted(briefing.flags.items()))
    pdf.write_line(f"Commitments: {counts}.", size=11, bold=True)
    if flagged:
        pdf.write_line(f"Flags: {flagged}.", size=10)
    pdf.write_line("Met: acts or figures show the promise is fulfilled and no live claim disputes it. Pending: not yet "
                   "shown to be fulfilled (also lapsed or ended ones). Disputed: the current evidence conflicts.", size=8,
                   rgb=(90, 90, 90))
    for section in briefing.sections:
        pdf.ln(4)
        pdf.write_line(f"{section.framework} (agreed {section.agreed.isoformat()})", size=14, bold=True)
        for entry in section.entries:
            _entry(pdf, entry)
    return bytes(pdf.output())
