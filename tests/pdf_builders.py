"""UN-layout PDFs made by the tests themselves: a Word draft, UN page furniture, LibreOffice.

`un_layout_docx` adds what the UN document system prints around a draft to a .docx: on the first
page a footer with the job number and date ("25-04871 (E)    280325" or Geneva's
"GE.25-04871(E)"), a barcode ("*2504871*") and "Please recycle"; on every other page a running
header with the symbol and the page number "n/N" (and the short title for a resolution) and a
footer with the job number. `convert_to_pdf` turns .docx files into PDFs with one `soffice` call;
`sample_pdfs` does both for every sample draft, once per test session.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from app.core.export.clean import export_clean_draft
from app.core.export.docx_layout import DocumentHeading
from app.core.model import Draft, ParagraphKind
from app.core.parsing.text import read_text_draft

SAMPLES = Path(__file__).resolve().parents[1] / "sample_drafts"
SAMPLE_NAMES = ("01-zero-draft", "02-rev1", "03-rev2", "04-l22", "05-adopted")


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
}


def sample_docx(name: str) -> bytes:
    """A sample draft as Word: its own .docx, else its text exported in UN layout."""
    word = SAMPLES / f"{name}.docx"
    if word.exists():
        return word.read_bytes()
    draft = read_text_draft((SAMPLES / f"{name}.txt").read_bytes())
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


def minimal_pdf(
    pages: list[bytes],
    *,
    resources: bytes = b"",
    trailer: bytes = b"",
    objects: tuple[bytes, ...] = (),
) -> bytes:
    """A hand-written PDF: one page per content stream, Helvetica as F1, `objects` appended.

    `resources` goes into every page's resource dictionary; `trailer` into the trailer. Objects
    are numbered: 1 catalog, 2 page tree, 3 font, then each page and its content, then `objects`.
    """
    count = len(pages)
    bodies: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
        + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(pages):
        bodies.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> %s >> >>" % (5 + 2 * i, resources)
        )
        bodies.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    bodies.extend(objects)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1, trailer, xref,
    )  # fmt: skip
    return bytes(out)


def text_page(lines: list[str], *, size: int = 11, top: int = 780, step: int = 16) -> bytes:
    """A content stream printing `lines` in Helvetica, one under the other, from the top left."""
    ops = [b"BT /F1 %d Tf %d TL 72 %d Td" % (size, step, top)]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(%s) Tj T*" % escaped.encode("latin-1"))
    ops.append(b"ET")
    return b"\n".join(ops)


def long_draft_docx(paragraphs: int) -> bytes:
    """A long UN-layout draft with UN page furniture: `paragraphs` body paragraphs, the
    preambular then the operative ones of every sample draft, over and over (about 17 a page)."""
    drafts = [read_text_draft((SAMPLES / f"{name}.txt").read_bytes()) for name in SAMPLE_NAMES]
    base = drafts[3]
    kinds = {ParagraphKind.PREAMBULAR}, {ParagraphKind.OPERATIVE, ParagraphKind.SUBPARAGRAPH}
    head = [p for p in base.paragraphs if p.kind in (ParagraphKind.TITLE, ParagraphKind.OTHER)][:2]
    body = [p for wanted in kinds for d in drafts for p in d.paragraphs if p.kind in wanted]
    cycled = [body[i % len(body)] for i in range(paragraphs)]
    long = dataclasses.replace(base, paragraphs=tuple(head + cycled))
    return un_layout_docx(export_clean_draft(long, heading_of(base)), SAMPLE_FURNITURE["04-l22"])


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose user password is not empty."""
    raw = minimal_pdf(
        [text_page(["Secret"])],
        trailer=b"/Encrypt 99 0 R /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>]",
    )
    handler = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32)
    return raw.replace(b"trailer", b"99 0 obj\n%s\nendobj\ntrailer" % handler)


def scanned_pdf() -> bytes:
    """A page that is one picture and no text, as a scanner makes it."""
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
    )
    return minimal_pdf(
        [b"q 500 0 0 700 40 60 cm /Im1 Do Q"],
        resources=b"/XObject << /Im1 6 0 R >>",
        objects=(image,),
    )


def inflating_pdf(megabytes: int) -> bytes:
    """A PDF bomb: one page whose content stream inflates from a few hundred KB to `megabytes`,
    a million tiny text objects per 20 MB."""
    content = zlib.compress(b"BT /F1 1 Tf (x) Tj ET\n" * (megabytes * 1024 * 1024 // 22), 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (
        len(content), content,
    )  # fmt: skip
    raw = minimal_pdf([b""], objects=(stream,))
    return raw.replace(b"/Contents 5 0 R", b"/Contents 6 0 R")
