"""The clean draft: one draft in UN layout, with real list numbering and real footnotes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from app.core.export.docx_layout import DocumentHeading, UnDocument, paragraph_style
from app.core.export.docx_numbering import NumberingChoice, plan_numbering
from app.core.export.docx_text import StyledText, element, range_runs, styled_text, text_run
from app.core.model import Draft, Paragraph
from app.core.vocabulary import ParagraphKind

FORMULA_ENDINGS = (",", "،", "，")
BODY_KINDS = frozenset(
    {ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE, ParagraphKind.SUBPARAGRAPH}
)


@dataclass(frozen=True, slots=True)
class PrintedParagraph:
    """A draft paragraph ready to print: its style, how it is numbered, its styled content."""

    style: str
    choice: NumberingChoice
    styled: StyledText


def formula_index(draft: Draft) -> int | None:
    """The index of the `other` paragraph that is the enacting formula, or None."""
    wanted = " ".join(draft.formula.split())
    first_body = next((i for i, p in enumerate(draft.paragraphs) if p.kind in BODY_KINDS), None)
    for index, paragraph in enumerate(draft.paragraphs):
        if paragraph.kind is not ParagraphKind.OTHER:
            continue
        text = " ".join(paragraph.text.split())
        if wanted and text == wanted:
            return index
        if not wanted and index + 1 == first_body and text.endswith(FORMULA_ENDINGS):
            return index
    return None


def formula_line_position(draft: Draft) -> int | None:
    """Before which paragraph `draft.formula` must be printed when no paragraph holds it."""
    if not draft.formula.strip() or formula_index(draft) is not None:
        return None
    return next(
        (i for i, p in enumerate(draft.paragraphs) if p.kind in BODY_KINDS), len(draft.paragraphs)
    )


def printed_paragraphs(
    paragraphs: Sequence[Paragraph], formula: int | None
) -> tuple[PrintedParagraph, ...]:
    """Style, numbering and styled content of each paragraph; `formula` is the formula's index."""
    plan = plan_numbering(paragraphs)
    return tuple(
        PrintedParagraph(
            style=paragraph_style(p.kind, choice, formula=index == formula),
            choice=choice,
            styled=styled_text(p, choice.typed, formula=index == formula),
        )
        for index, (p, choice) in enumerate(zip(paragraphs, plan, strict=True))
    )


def formula_paragraph(doc: UnDocument, formula: str) -> etree._Element:
    """The enacting formula as its own paragraph, italic up to its closing comma."""
    text = formula.strip()
    body = text.rstrip(",.;: ")
    para = element("p")
    para.append(doc.paragraph_properties("UNFormula"))
    para.append(text_run(body, italic=True))
    if text[len(body) :]:
        para.append(text_run(text[len(body) :]))
    return para


def clean_paragraph(doc: UnDocument, printed: PrintedParagraph) -> etree._Element:
    """A `w:p` printing one draft paragraph, footnotes registered with `doc`."""
    para = element("p")
    para.append(doc.paragraph_properties(printed.style, printed.choice))
    if printed.styled.prefix:
        para.append(text_run(f"{printed.styled.prefix}\t"))
    para.extend(range_runs(printed.styled, 0, len(printed.styled.text), doc.footnote_reference))
    return para


def write_title_fallback(doc: UnDocument, draft: Draft) -> None:
    """Print the heading's title when the draft has no title paragraph of its own."""
    has_title = any(p.kind is ParagraphKind.TITLE for p in draft.paragraphs)
    if not has_title and doc.heading.title:
        doc.line("UNTitle", doc.heading.title, bold=True)


def export_clean_draft(draft: Draft, heading: DocumentHeading) -> bytes:
    """The draft as a Word file in UN layout: masthead, title, formula, PPs, numbered OPs."""
    doc = UnDocument(heading, draft.language)
    doc.write_masthead()
    write_title_fallback(doc, draft)
    formula_at = formula_line_position(draft)
    printed = printed_paragraphs(draft.paragraphs, formula_index(draft))
    for index, paragraph in enumerate(printed):
        if index == formula_at:
            doc.append(formula_paragraph(doc, draft.formula))
        doc.append(clean_paragraph(doc, paragraph))
    if formula_at == len(printed):
        doc.append(formula_paragraph(doc, draft.formula))
    doc.write_closing_rule()
    return doc.to_bytes()
