"""The UN layout every Word export shares: A4 page, masthead, styles, list numbering, footnotes.

`UnDocument` wraps python-docx's default package and writes everything else with lxml: the
paragraph styles below, the resolution's list in numbering.xml (see `docx_numbering`), a
footnotes part (python-docx's template has none: added with its content type and relationship)
and the masthead. Exporters append paragraphs to `body` and call `to_bytes()`.

Paragraph styles: `UNTitle`, `UNFormula`, `UNPreambular`, `UNOperative`, `UNSubparagraph1`…`4`,
`UNOther` hold the draft's paragraphs, so a reader can tell them from the masthead lines
(`UNMasthead`, `UNBodyLine`, `UNSponsors`), the closing rule (`UNEnd`) and a compilation's
proposal lines (`UNProposal`, `UNProposalNote`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.parser import parse_xml
from lxml import etree

from app.core.export.docx_numbering import (
    BLOCK_LEFT,
    LEVELS,
    NumberingChoice,
    add_resolution_list,
    first_line_indent,
)
from app.core.export.docx_text import W_NS, element, text_run, w
from app.core.model import Footnote
from app.core.vocabulary import ParagraphKind


@dataclass(frozen=True, slots=True)
class DocumentHeading:
    """What the masthead prints; every field may be empty.

    `symbol` "A/HRC/58/L.22"; `date` as printed ("28 March 2026"); `distribution` "Limited";
    `original_language` "English"; `body` "Human Rights Council"; `session` "Fifty-eighth
    session"; `agenda_item` "Agenda item 3" (further lines after a newline); `title` printed
    only when the draft has no title paragraph; `sponsors` "Norway, Mexico"; `label` "Rev.1";
    `penholder` "Norway".
    """

    symbol: str = ""
    date: str = ""
    distribution: str = ""
    original_language: str = ""
    body: str = ""
    session: str = ""
    agenda_item: str = ""
    title: str = ""
    sponsors: str = ""
    label: str = ""
    penholder: str = ""


KIND_STYLES = {
    ParagraphKind.TITLE: "UNTitle",
    ParagraphKind.PREAMBULAR: "UNPreambular",
    ParagraphKind.OPERATIVE: "UNOperative",
    ParagraphKind.OTHER: "UNOther",
}
FORMULA_STYLE = "UNFormula"
DRAFT_STYLES = frozenset(
    [*KIND_STYLES.values(), FORMULA_STYLE, *(f"UNSubparagraph{n}" for n in range(1, len(LEVELS)))]
)

ORGANS = {"A/": "General Assembly", "S/": "Security Council", "E/": "Economic and Social Council"}
LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "ar": "ar-SA"}

# (styleId, name, pPr children, rPr children) in schema order; twips and half-points.
_BLOCK = f'<w:ind w:left="{BLOCK_LEFT}" w:right="{BLOCK_LEFT}"'
_STYLES = [
    ("UNMasthead", "UN masthead", '<w:spacing w:after="0"/>', ""),
    ("UNBodyLine", "UN body line", '<w:spacing w:after="0"/>', "<w:b/>"),
    ("UNSponsors", "UN sponsors", '<w:spacing w:before="240" w:after="240"/>', ""),
    (
        "UNTitle",
        "UN title",
        f'<w:keepNext/><w:spacing w:before="240" w:after="240"/>{_BLOCK}/>',
        "<w:b/>",
    ),
    ("UNFormula", "UN formula", f'{_BLOCK} w:firstLine="{first_line_indent(0)}"/>', ""),
    ("UNPreambular", "UN preambular", f'{_BLOCK} w:firstLine="{first_line_indent(0)}"/>', ""),
    ("UNOperative", "UN operative", f'{_BLOCK} w:firstLine="{first_line_indent(0)}"/>', ""),
    *(
        (
            f"UNSubparagraph{n}",
            f"UN subparagraph {n}",
            f'{_BLOCK} w:firstLine="{first_line_indent(n)}"/>',
            "",
        )
        for n in range(1, len(LEVELS))
    ),
    ("UNOther", "UN other", f"{_BLOCK}/>", ""),
    (
        "UNEnd",
        "UN closing rule",
        '<w:pBdr><w:top w:val="single" w:sz="4" w:space="1" w:color="auto"/></w:pBdr>'
        '<w:spacing w:before="480"/><w:ind w:left="3969" w:right="3969"/>',
        "",
    ),
    (
        "UNProposal",
        "UN proposal",
        f'<w:ind w:left="{2 * BLOCK_LEFT}" w:right="{BLOCK_LEFT}"/><w:jc w:val="left"/>',
        "",
    ),
    ("UNProposalNote", "UN proposal note", f'<w:ind w:left="{2 * BLOCK_LEFT}"/>', "<w:i/>"),
    ("UNCoverHeading", "UN cover heading", '<w:keepNext/><w:spacing w:before="240"/>', "<w:b/>"),
    (
        "FootnoteText",
        "footnote text",
        f'<w:spacing w:after="0"/><w:ind w:left="{BLOCK_LEFT}"/>',
        '<w:sz w:val="17"/>',
    ),
]


def paragraph_style(kind: ParagraphKind, choice: NumberingChoice, *, formula: bool = False) -> str:
    """The style id of a draft paragraph of `kind`."""
    if formula:
        return FORMULA_STYLE
    if kind is ParagraphKind.SUBPARAGRAPH:
        return f"UNSubparagraph{choice.ilvl or 1}"
    return KIND_STYLES[kind]


class UnDocument:
    """A Word document in UN layout being written: body, numbering, footnotes, settings."""

    def __init__(self, heading: DocumentHeading, language: str = "en") -> None:
        self.heading = heading
        self.document = docx.Document()
        self.body = self.document.element.body
        self.section_properties = self.body.find(w("sectPr"))
        for child in list(self.body):
            if child is not self.section_properties:
                self.body.remove(child)
        self.num_id = add_resolution_list(self.document.part.numbering_part.element)
        self.notes: list[tuple[int, Footnote]] = []
        self._set_page()
        self._set_styles(language)
        self._drop_thumbnail()
        core = self.document.core_properties
        # Word's core properties hold at most 255 characters; long titles are common in GA
        core.author = core.last_modified_by = (heading.penholder or "Penholder")[:255]
        core.title = (heading.title or heading.symbol or heading.label)[:255]
        core.language = LANGUAGE_TAGS.get(language, language)

    def append(self, node: etree._Element) -> etree._Element:
        """Add a block (paragraph or table) at the end of the body, before the section end."""
        self.section_properties.addprevious(node)
        return node

    def extend(self, nodes: list[etree._Element]) -> None:
        """Add blocks at the end of the body, in order."""
        for node in nodes:
            self.append(node)

    def paragraph_properties(
        self, style: str, choice: NumberingChoice | None = None
    ) -> etree._Element:
        """A `w:pPr` with `style`, and `w:numPr` when Word numbers the paragraph."""
        props = element("pPr")
        element("pStyle", props, val=style)
        if choice is not None and choice.auto and choice.ilvl is not None:
            num = element("numPr", props)
            element("ilvl", num, val=str(choice.ilvl))
            element("numId", num, val=str(self.num_id))
        return props

    def line(
        self, style: str, text: str, *, bold: bool = False, italic: bool = False
    ) -> etree._Element:
        """Append a one-run paragraph of `style`."""
        para = element("p")
        para.append(self.paragraph_properties(style))
        if text:
            para.append(text_run(text, bold=bold, italic=italic))
        return self.append(para)

    def footnote_reference(self, note: Footnote) -> etree._Element:
        """Register `note` as a real Word footnote; the run that references it."""
        note_id = len(self.notes) + 1
        self.notes.append((note_id, note))
        run = element("r")
        element("rStyle", element("rPr", run), val="FootnoteReference")
        reference = element("footnoteReference", run, id=str(note_id))
        if not note.marker.isdigit():
            reference.set(w("customMarkFollows"), "1")
            element("t", run).text = note.marker
        return run

    def write_masthead(self) -> None:
        """Append the symbol-and-date table and the organ, session, agenda and sponsor lines."""
        h = self.heading
        organ = next((name for prefix, name in ORGANS.items() if h.symbol.startswith(prefix)), "")
        right = [f"Distr.: {h.distribution}" if h.distribution else "", h.date]
        if h.original_language:
            right += ["", f"Original: {h.original_language}"]
        while right and not right[0]:
            right.pop(0)
        self.append(
            masthead_table(
                [("United Nations", 28, False), (organ, 36, True)],
                [(h.symbol or h.label, 36, True), *((line, 20, False) for line in right)],
            )
        )
        self._write_running_header()
        for style, text in (("UNBodyLine", h.body), ("UNBodyLine", h.session)):
            if text:
                self.line(style, text, bold=True)
        for text in h.agenda_item.splitlines():
            self.line("UNMasthead", text)
        if h.sponsors:
            sponsors = h.sponsors
            if not sponsors.rstrip().endswith("resolution"):
                sponsors = f"{sponsors}: draft resolution"
            self.line("UNSponsors", sponsors)

    def write_closing_rule(self) -> None:
        """Append the short centred rule that ends a UN document (a border: no text to read)."""
        self.line("UNEnd", "")

    def _write_running_header(self) -> None:
        """The page header: the draft's label and penholder ("Rev.1 · Penholder: Norway")."""
        h = self.heading
        penholder = f"Penholder: {h.penholder}" if h.penholder else ""
        credit = " · ".join(x for x in (h.label, penholder) if x)
        if credit:
            header = self.document.sections[0].header.paragraphs[0]
            header.text = credit
            header.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def track_revisions(self) -> None:
        """Turn on track changes in settings.xml, so later edits are tracked too."""
        settings = self.document.settings.element
        if settings.find(w("trackRevisions")) is None:
            anchor = settings.find(w("defaultTabStop"))
            node = element("trackRevisions")
            if anchor is None:
                settings.insert(0, node)
            else:
                anchor.addprevious(node)

    def to_bytes(self) -> bytes:
        """The finished .docx file."""
        if self.notes:
            self._add_footnotes_part()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def _set_page(self) -> None:
        section = self.section_properties
        for tag in ("pgSz", "pgMar"):
            old = section.find(w(tag))
            if old is not None:
                section.remove(old)
        size = element("pgSz", w="11906", h="16838")  # A4
        margins = element(
            "pgMar",
            top="1418",
            right="1134",
            bottom="1418",
            left="1134",
            header="851",
            footer="567",
            gutter="0",
        )
        section.insert(0, margins)
        section.insert(0, size)

    def _set_styles(self, language: str) -> None:
        styles = self.document.styles.element
        tag = LANGUAGE_TAGS.get(language, language)
        defaults = styles.find(w("docDefaults"))
        if defaults is not None:
            styles.remove(defaults)
        east = ' w:eastAsia="SimSun"' if language == "zh" else ""
        lang = f'w:val="{tag}"' + (f' w:eastAsia="{tag}"' if language == "zh" else "")
        lang += f' w:bidi="{tag}"' if language == "ar" else ""
        bidi = "<w:bidi/>" if language == "ar" else ""
        styles.insert(
            0,
            parse_xml(
                f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault><w:rPr>'
                '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
                f'w:cs="Times New Roman"{east}/>'
                f'<w:sz w:val="20"/><w:szCs w:val="20"/><w:lang {lang}/></w:rPr></w:rPrDefault>'
                f"<w:pPrDefault><w:pPr>{bidi}"
                '<w:spacing w:after="120" w:line="240" w:lineRule="auto"/>'
                f'<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
            ),
        )
        for style_id, name, ppr, rpr in _STYLES:
            styles.append(
                parse_xml(
                    f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:customStyle="1" '
                    f'w:styleId="{style_id}">'
                    f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
                    f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
                )
            )
        styles.append(
            parse_xml(
                f'<w:style xmlns:w="{W_NS}" w:type="character" w:customStyle="1" '
                f'w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
                f'<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
            )
        )

    def _drop_thumbnail(self) -> None:
        rels = self.document.part.package.rels
        for rel_id in [k for k, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
            rels.pop(rel_id)

    def _add_footnotes_part(self) -> None:
        root = parse_xml(f'<w:footnotes xmlns:w="{W_NS}"/>')
        for note_id, kind, mark in (
            (-1, "separator", "separator"),
            (0, "continuationSeparator", "continuationSeparator"),
        ):
            note = element("footnote", root, type=kind, id=str(note_id))
            para = element("p", note)
            element("spacing", element("pPr", para), after="0", line="240", lineRule="auto")
            element(mark, element("r", para))
        for note_id, footnote in self.notes:
            note = element("footnote", root, id=str(note_id))
            para = element("p", note)
            element("pStyle", element("pPr", para), val="FootnoteText")
            run = element("r", para)
            element("rStyle", element("rPr", run), val="FootnoteReference")
            if footnote.marker.isdigit():
                element("footnoteRef", run)
            else:
                element("t", run).text = footnote.marker
            para.append(text_run(f" {footnote.text}"))
        part = XmlPart(
            PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, self.document.part.package
        )
        self.document.part.relate_to(part, RT.FOOTNOTES)
        settings = self.document.settings.element
        properties = element("footnotePr")
        for separator_id in ("-1", "0"):
            element("footnote", properties, id=separator_id)
        compat = settings.find(w("compat"))
        if compat is not None:
            compat.addprevious(properties)


def masthead_table(
    left: list[tuple[str, int, bool]], right: list[tuple[str, int, bool]]
) -> etree._Element:
    """The two-column masthead: lines of (text, half-points, bold), left and right aligned."""
    table = element("tbl")
    props = element("tblPr", table)
    element("tblW", props, w="5000", type="pct")
    borders = element("tblBorders", props)
    element("bottom", borders, val="single", sz="12", space="0", color="auto")
    element("tblLayout", props, type="fixed")
    grid = element("tblGrid", table)
    widths = ("4819", "4819")
    for width in widths:
        element("gridCol", grid, w=width)
    row = element("tr", table)
    for lines, width, align in ((left, widths[0], "left"), (right, widths[1], "right")):
        cell = element("tc", row)
        element("tcW", element("tcPr", cell), w=width, type="dxa")
        for text, size, bold in lines or [("", 20, False)]:
            para = element("p", cell)
            ppr = element("pPr", para)
            element("pStyle", ppr, val="UNMasthead")
            element("jc", ppr, val=align)
            if text:
                run = text_run(text, bold=bold)
                run_props = run.find(w("rPr"))
                if run_props is None:
                    run_props = element("rPr")
                    run.insert(0, run_props)
                element("sz", run_props, val=str(size))
                para.append(run)
    return table
