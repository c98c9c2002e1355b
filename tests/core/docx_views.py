"""A tiny test-side Word reader: the accepted or rejected view of an exported file.

Independent of the app's code on purpose: it reads the XML the way Word's "accept all" and
"reject all" would leave it, and computes list numbers from numbering.xml.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
REVISIONS = {f"{{{W}}}{tag}": tag for tag in ("ins", "del", "moveFrom", "moveTo")}
KEPT = {
    "accepted": {None, "ins", "moveTo"},
    "rejected": {None, "del", "moveFrom"},
    "all": {None, "ins", "moveTo", "del", "moveFrom"},
}
DRAFT_STYLE_PREFIXES = (
    "UNTitle",
    "UNFormula",
    "UNPreambular",
    "UNOperative",
    "UNSubparagraph",
    "UNOther",
)


def q(tag: str) -> str:
    """Clark name of a w: tag."""
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Shown:
    """One paragraph as a reader sees it in a view: style, printed number, text."""

    style: str
    number: str
    text: str


def part(raw: bytes, name: str) -> etree._Element:
    """One XML part of the package (KeyError when absent)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return etree.fromstring(archive.read(name))


def has_part(raw: bytes, name: str) -> bool:
    """Whether the package holds a part of that name."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return name in archive.namelist()


def list_formats(raw: bytes) -> dict[str, tuple[str, dict[int, tuple[str, str, int]]]]:
    """numId -> (abstractNumId, {ilvl: (numFmt, lvlText, start)})."""
    if not has_part(raw, "word/numbering.xml"):
        return {}
    root = part(raw, "word/numbering.xml")
    abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
    for node in root.iterfind("w:abstractNum", NS):
        levels = {}
        for lvl in node.iterfind("w:lvl", NS):
            levels[int(lvl.get(q("ilvl")))] = (
                lvl.find("w:numFmt", NS).get(q("val")),
                lvl.find("w:lvlText", NS).get(q("val")),
                int(lvl.find("w:start", NS).get(q("val"))),
            )
        abstract[node.get(q("abstractNumId"))] = levels
    out = {}
    for num in root.iterfind("w:num", NS):
        abstract_id = num.find("w:abstractNumId", NS).get(q("val"))
        out[num.get(q("numId"))] = (abstract_id, abstract[abstract_id])
    return out


def shown_value(fmt: str, value: int) -> str:
    """A counter as Word shows it for the formats our exports use."""
    if fmt == "decimal":
        return str(value)
    if fmt == "lowerLetter":
        return chr(97 + (value - 1) % 26) * ((value - 1) // 26 + 1)
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for amount, digits in numerals:
        while value >= amount:
            out += digits
            value -= amount
    return out


def read_view(
    raw: bytes, view: str = "accepted", styles: tuple[str, ...] = DRAFT_STYLE_PREFIXES
) -> list[Shown]:
    """The body's paragraphs (of `styles`) after accepting or rejecting every tracked change.

    `view` "all" keeps every word, inserted or deleted, as LibreOffice's text export shows it.
    """
    root = part(raw, "word/document.xml")
    formats = list_formats(raw)
    counters: dict[str, list[int]] = {}
    shown: list[Shown] = []
    carried = ""
    for para in root.find("w:body", NS).iterfind("w:p", NS):
        props = para.find("w:pPr", NS)
        mark = None
        effective = props
        if props is not None:
            run_props = props.find("w:rPr", NS)
            if run_props is not None:
                mark = next((REVISIONS[c.tag] for c in run_props if c.tag in REVISIONS), None)
            change = props.find("w:pPrChange/w:pPr", NS)
            if view == "rejected" and change is not None:
                effective = change
        text = carried + paragraph_text(para, view)
        if mark not in KEPT[view]:
            carried = text
            continue
        carried = ""
        style_node = effective.find("w:pStyle", NS) if effective is not None else None
        style = style_node.get(q("val")) if style_node is not None else ""
        number = ""
        num = effective.find("w:numPr", NS) if effective is not None else None
        if num is not None and num.find("w:numId", NS).get(q("val")) != "0":
            abstract_id, levels = formats[num.find("w:numId", NS).get(q("val"))]
            ilvl = int(num.find("w:ilvl", NS).get(q("val")))
            values = counters.setdefault(
                abstract_id, [levels[i][2] - 1 for i in range(len(levels))]
            )
            values[ilvl] += 1
            for deeper in range(ilvl + 1, len(values)):
                values[deeper] = levels[deeper][2] - 1
            number = levels[ilvl][1]
            for level in range(ilvl + 1):
                number = number.replace(
                    f"%{level + 1}", shown_value(levels[level][0], values[level])
                )
        elif "\t" in text:
            number, text = text.split("\t", 1)
        if style.startswith(styles):
            shown.append(Shown(style, number, text))
    return shown


def paragraph_text(para: etree._Element, view: str) -> str:
    """The text of one paragraph in a view (footnote references left out)."""
    pieces = []
    for run in para.iter(q("r")):
        parent = run.getparent()
        wrapper = REVISIONS.get(parent.tag) if parent is not None else None
        if wrapper not in KEPT[view]:
            continue
        for node in run:
            if node.tag == q("tab"):
                pieces.append("\t")
            elif node.tag in (q("t"), q("delText")):
                pieces.append(node.text or "")
    return "".join(pieces)


def revision_authors(raw: bytes) -> list[tuple[str, str, str]]:
    """Every revision in the body as (kind, author, text)."""
    root = part(raw, "word/document.xml")
    found = []
    for node in root.iter(*REVISIONS):
        text = "".join(t.text or "" for t in node.iter(q("t"), q("delText")))
        found.append((REVISIONS[node.tag], node.get(q("author")), text))
    return found


def convert(raw: bytes, target: str, workdir: Path, profile: Path) -> bytes:
    """`raw` converted by headless LibreOffice (`pdf`, `txt:…`, `docx:…`) with a private profile."""
    source = workdir / "export.docx"
    source.write_bytes(raw)
    outdir = workdir / "converted"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (outdir / f"export.{target.split(':')[0]}").read_bytes()
