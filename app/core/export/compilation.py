"""The compilation text: each paragraph of the draft followed by the pending proposals on it.

After a cover table counting proposals per delegation, the draft prints in UN layout; under each
paragraph come its proposals, one `UNProposal` paragraph each: the label and the proposers in
brackets ("OP5 [European Union; Mexico]"), then the paragraph's wording with the proposal applied
as tracked changes authored by the proposers, so a reader can accept or reject each one in Word.
Proposed new paragraphs follow the paragraph they would go after ("OP5 bis [Mexico]"), wholly
inserted; a proposal whose `find` text is not in the paragraph is described in words instead.
A proposal that collides with others says so in a note under it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from app.core.export.clean import (
    clean_paragraph,
    formula_index,
    formula_line_position,
    formula_paragraph,
    printed_paragraphs,
    write_title_fallback,
)
from app.core.export.docx_layout import DocumentHeading, UnDocument
from app.core.export.docx_text import RevisionMarks, StyledText, element, range_runs, text_run
from app.core.model import Draft, Op
from app.core.vocabulary import DiffOpKind, ProposalAction


@dataclass(frozen=True, slots=True)
class CompiledProposal:
    """One pending proposal as the compilation prints it.

    `target` is the paragraph index it amends; for `new-paragraph` the index it goes after (-1:
    before the first). `action` is a `ProposalAction`; `find` is the wording replaced or deleted,
    or the words an insertion follows ("" inserts at the end); `text` the proposed wording;
    `label` what negotiators call it ("OP5 bis"; defaults to the target's label);
    `collides_with` names the pending proposals that act on the same words ("proposal 15
    [China]"), printed under it so the penholder sees the clash.
    """

    target: int
    delegations: tuple[str, ...]
    action: ProposalAction
    find: str = ""
    text: str = ""
    note: str = ""
    label: str = ""
    collides_with: tuple[str, ...] = ()


def proposal_ops(paragraph_text: str, proposal: CompiledProposal) -> list[Op] | None:
    """The paragraph's wording with the proposal applied as ops, or None if it cannot apply."""
    action, find, text = proposal.action, proposal.find, proposal.text
    if action == ProposalAction.NEW_PARAGRAPH:
        return [Op(DiffOpKind.INSERT, text)]
    if action == ProposalAction.DELETE_PARAGRAPH:
        return [Op(DiffOpKind.DELETE, paragraph_text)]
    if action == ProposalAction.INSERT and not find:
        at = len(paragraph_text)
    else:
        found = paragraph_text.find(find) if find else -1
        if found < 0:
            return None
        at = found + len(find) if action == ProposalAction.INSERT else found
    ops = [Op(DiffOpKind.EQUAL, paragraph_text[:at])]
    if action == ProposalAction.INSERT:
        ops += [Op(DiffOpKind.INSERT, text), Op(DiffOpKind.EQUAL, paragraph_text[at:])]
    elif action == ProposalAction.REPLACE:
        ops += [
            Op(DiffOpKind.DELETE, find),
            Op(DiffOpKind.INSERT, text),
            Op(DiffOpKind.EQUAL, paragraph_text[at + len(find) :]),
        ]
    elif action == ProposalAction.DELETE:
        ops += [Op(DiffOpKind.DELETE, find), Op(DiffOpKind.EQUAL, paragraph_text[at + len(find) :])]
    else:
        raise ValueError(f"unknown proposal action {action!r}")
    return [op for op in ops if op.text]


def proposers(proposal: CompiledProposal) -> str:
    """The proposers as one author name: "European Union; Mexico"."""
    return "; ".join(proposal.delegations) or "Unknown delegation"


def describe(proposal: CompiledProposal) -> str:
    """A proposal in words, for when its wording cannot be shown as tracked changes."""
    if proposal.action == ProposalAction.REPLACE:
        return f"replace “{proposal.find}” with “{proposal.text}”"
    if proposal.action == ProposalAction.INSERT:
        return f"insert “{proposal.text}” after “{proposal.find}”"
    return f"delete “{proposal.find}”"


def proposal_paragraph(
    marks: RevisionMarks, proposal: CompiledProposal, styled: StyledText, label: str
) -> list[etree._Element]:
    """The proposal's paragraph (and its note), its wording tracked under the proposers' name."""
    author = proposers(proposal)
    para = element("p")
    element("pStyle", element("pPr", para), val="UNProposal")
    para.append(text_run(f"{label} [{author}]\t" if label else f"[{author}]\t", bold=True))
    ops = proposal_ops(styled.text, proposal)
    if ops is None:
        para.append(
            text_run(f"{describe(proposal)} (wording not found in the paragraph)", italic=True)
        )
    at_old = at_new = 0
    for op in ops or []:
        size = len(op.text)
        if op.op == DiffOpKind.INSERT:
            inserted = StyledText(text=op.text)
            para.extend(marks.wrap("ins", author, range_runs(inserted, 0, size, None)))
            at_new += size
            continue
        runs = range_runs(styled, at_old, at_old + size, None)
        para.extend(marks.wrap("del", author, runs) if op.op == DiffOpKind.DELETE else runs)
        at_old += size
    out = [para]
    notes = [proposal.note] if proposal.note else []
    if proposal.collides_with:
        notes.append(f"Collides with {'; '.join(proposal.collides_with)}.")
    for text in notes:
        note = element("p")
        element("pStyle", element("pPr", note), val="UNProposalNote")
        note.append(text_run(text, italic=True))
        out.append(note)
    return out


def new_paragraphs(
    marks: RevisionMarks, proposals: Sequence[CompiledProposal]
) -> list[etree._Element]:
    """Proposed new paragraphs, each wholly inserted under its proposers' name."""
    return [
        node
        for proposal in proposals
        for node in proposal_paragraph(
            marks, proposal, StyledText(text=""), proposal.label or "New paragraph"
        )
    ]


def cover_table(proposals: Sequence[CompiledProposal]) -> etree._Element:
    """A table of delegations and how many proposals each made, most first, then a total."""
    counts = Counter(name for p in proposals for name in dict.fromkeys(p.delegations))
    rows = [("Delegation", "Proposals", True)]
    rows += [
        (name, str(n), False) for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    rows.append(("Total proposals", str(len(proposals)), True))
    table = element("tbl")
    props = element("tblPr", table)
    element("tblStyle", props, val="TableGrid")
    element("tblW", props, w="0", type="auto")
    element("tblInd", props, w="1134", type="dxa")
    grid = element("tblGrid", table)
    for width in ("4536", "1701"):
        element("gridCol", grid, w=width)
    for name, count, bold in rows:
        row = element("tr", table)
        for text, width, align in ((name, "4536", "left"), (count, "1701", "right")):
            cell = element("tc", row)
            element("tcW", element("tcPr", cell), w=width, type="dxa")
            para = element("p", cell)
            ppr = element("pPr", para)
            element("pStyle", ppr, val="UNMasthead")
            element("jc", ppr, val=align)
            para.append(text_run(text, bold=bold))
    return table


def export_compilation(
    draft: Draft, proposals: Sequence[CompiledProposal], heading: DocumentHeading
) -> bytes:
    """The compilation text: the draft with each paragraph's pending proposals under it."""
    count = len(draft.paragraphs)
    for proposal in proposals:
        low = -1 if proposal.action == ProposalAction.NEW_PARAGRAPH else 0
        if not low <= proposal.target < count or proposal.action not in set(ProposalAction):
            raise ValueError(f"proposal on paragraph {proposal.target} cannot be placed")
    doc = UnDocument(heading, draft.language)
    doc.track_revisions()
    marks = RevisionMarks(date="")  # proposals carry no date of their own
    doc.write_masthead()
    doc.line("UNCoverHeading", "Proposals received, by delegation", bold=True)
    doc.append(cover_table(proposals))
    write_title_fallback(doc, draft)
    printed = printed_paragraphs(draft.paragraphs, formula_index(draft))
    formula_at = formula_line_position(draft)
    on: dict[int, list[CompiledProposal]] = defaultdict(list)
    after: dict[int, list[CompiledProposal]] = defaultdict(list)
    for proposal in proposals:
        (after if proposal.action == ProposalAction.NEW_PARAGRAPH else on)[proposal.target].append(
            proposal
        )
    doc.extend(new_paragraphs(marks, after[-1]))
    for index, paragraph in enumerate(printed):
        if index == formula_at:
            doc.append(formula_paragraph(doc, draft.formula))
        doc.append(clean_paragraph(doc, paragraph))
        label = draft.paragraphs[index].label
        bare = StyledText(text=paragraph.styled.text, italics=paragraph.styled.italics)
        for proposal in on[index]:
            doc.extend(proposal_paragraph(marks, proposal, bare, proposal.label or label))
        doc.extend(new_paragraphs(marks, after[index]))
    if formula_at == count:
        doc.append(formula_paragraph(doc, draft.formula))
    doc.write_closing_rule()
    return doc.to_bytes()
