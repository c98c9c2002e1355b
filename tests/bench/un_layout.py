"""UN-layout PDFs printed from the sample drafts: a Word draft, UN page furniture, LibreOffice.

`un_layout_docx` adds what the UN document system prints around a draft to a .docx: on the first
page a footer with the job number and date ("25-04871 (E)    280325" or Geneva's
"GE.25-04871(E)"), a barcode ("*2504871*") and "Please recycle"; on every other page a running
header with the symbol and the page number "n/N" (and the short title for a resolution) and a
footer with the job number. `convert_to_pdf` turns .docx files into PDFs with one `soffice` call.
The tests print every sample draft this way (tests/conftest.py); `bench_pdf.py` prints long ones
(`long_draft_docx`). Shipped with the benchmarks, so it imports only the app.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from app.bundled import sample_drafts_folder
from app.core.export.clean import export_clean_draft
from app.core.export.docx_layout import DocumentHeading
from app.core.model import Draft
from app.core.parsing.text import read_text_draft
from app.core.vocabulary import ParagraphKind

SAMPLE_NAMES = ("01-zero-draft", "02-rev1", "03-rev2", "04-l22", "05-adopted", "04-l22-text")


@dataclass(frozen=True, slots=True)
class Furniture:
    """What the UN prints around a document: symbol, job number, its date code, short title."""

    symbol: str
    job: str = "25-04871"
    date_code: str = "280325"
    short_title: str = ""
    geneva: bool = False

    @property
    def job_line(self) -> str:
        """The first page's job number line."""
        if self.geneva:
            return f"GE.{self.job}(E)"
        return f"{self.job} (E)    {self.date_code}"

    @property
    def barcode(self) -> str:
        """The barcode's human-readable line."""
        return f"*{self.job.replace('-', '')}*"


# Each sample draft with the furniture its real counterpart would carry: the Geneva job numbers
# of Human Rights Council documents, and New York's for the adopted text.
SAMPLE_FURNITURE = {
    "01-zero-draft": Furniture("A/HRC/58/CRP.1", "25-01012", "100225", geneva=True),
    "02-rev1": Furniture("A/HRC/58/CRP.1/Rev.1", "25-02290", "030325", geneva=True),
    "03-rev2": Furniture("A/HRC/58/CRP.1/Rev.2", "25-03318", "170325", geneva=True),
    "04-l22": Furniture("A/HRC/58/L.22", "25-04871", "280325", geneva=True),
    "05-adopted": Furniture(
        "A/HRC/RES/58/14", "25-05999", "090425", short_title="Human rights defenders"
    ),
    # the L-document's text version in UN layout: its sponsors line, New York's job numbers
    "04-l22-text": Furniture("A/HRC/58/L.22", "25-04872", "280325"),
}


def sample_docx(name: str) -> bytes:
    """A sample draft as Word: its own .docx, else (or for "NAME-text") its text exported in UN
    layout."""
    word = sample_drafts_folder() / f"{name}.docx"
    if word.exists():
        return word.read_bytes()
    text = sample_drafts_folder() / f"{name.removesuffix('-text')}.txt"
    draft = read_text_draft(text.read_bytes())
    return export_clean_draft(draft, heading_of(draft))


def heading_of(draft: Draft) -> DocumentHeading:
    """The masthead the exporter prints for a parsed draft."""
    value = draft.masthead_value
    return DocumentHeading(
        symbol=value("symbol") or "",
        date=value("date") or "",
        distribution=value("distribution") or "",
        original_language=value("original") or "",
        body=value("body") or "",
        session=value("session") or "",
        agenda_item=f"Agenda item {value('agenda_item')}" if value("agenda_item") else "",
        sponsors=value("sponsors") or "",
    )


def un_layout_docx(raw: bytes, furniture: Furniture) -> bytes:
    """The .docx with UN running headers, footers and a first-page footer added."""
    document = docx.Document(io.BytesIO(raw))
    section = document.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_footer
    _set_lines(first.paragraphs, [furniture.job_line, furniture.barcode, "Please recycle"], first)
    header = section.header
    _set_lines(header.paragraphs, [furniture.symbol, ""], header)
    _page_number(header.paragraphs[1])
    if furniture.short_title:
        header.add_paragraph(furniture.short_title)
    footer = section.footer
    _set_lines(
        footer.paragraphs,
        [furniture.job if not furniture.geneva else f"GE.{furniture.job}"],
        footer,
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_lines(paragraphs: list[DocxParagraph], lines: list[str], part: object) -> None:
    """Make a header or footer hold exactly `lines`, one paragraph each."""
    for paragraph in paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    paragraphs[0].text = lines[0]
    for line in lines[1:]:
        part.add_paragraph(line)  # type: ignore[attr-defined]


def _page_number(paragraph: DocxParagraph) -> None:
    """Append the fields PAGE "/" NUMPAGES to a paragraph: "2/9"."""
    for instruction, after in (("PAGE", "/"), ("NUMPAGES", "")):
        run = paragraph.add_run()
        for kind, text in (
            ("begin", None),
            (None, instruction),
            ("separate", None),
            (None, "1"),
            ("end", None),
        ):
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            elif text == instruction:
                code = OxmlElement("w:instrText")
                code.text = f" {instruction} "
                run._r.append(code)
            else:
                shown = OxmlElement("w:t")
                shown.text = text
                run._r.append(shown)
        if after:
            paragraph.add_run(after)


def convert_to_pdf(files: dict[str, bytes], work: Path) -> dict[str, bytes]:
    """Each .docx converted to PDF by LibreOffice in one call; {name: pdf bytes}."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise FileNotFoundError("soffice")
    work.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, raw in files.items():
        path = work / f"{name}.docx"
        path.write_bytes(raw)
        paths.append(str(path))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(work), *paths],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return {name: (work / f"{name}.pdf").read_bytes() for name in files}


def long_draft_docx(paragraphs: int) -> bytes:
    """A long UN-layout draft with UN page furniture: `paragraphs` body paragraphs, the
    preambular then the operative ones of every sample draft, over and over (about 17 a page)."""
    drafts = [
        read_text_draft((sample_drafts_folder() / f"{name}.txt").read_bytes())
        for name in SAMPLE_NAMES
    ]
    base = drafts[3]
    kinds = {ParagraphKind.PREAMBULAR}, {ParagraphKind.OPERATIVE, ParagraphKind.SUBPARAGRAPH}
    head = [p for p in base.paragraphs if p.kind in (ParagraphKind.TITLE, ParagraphKind.OTHER)][:2]
    body = [p for wanted in kinds for d in drafts for p in d.paragraphs if p.kind in wanted]
    cycled = [body[i % len(body)] for i in range(paragraphs)]
    long = dataclasses.replace(base, paragraphs=tuple(head + cycled))
    return un_layout_docx(export_clean_draft(long, heading_of(base)), SAMPLE_FURNITURE["04-l22"])
