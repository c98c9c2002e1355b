"""Word exports: the clean draft, the redline between two drafts, the compilation text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.core import model as core
from app.core.diffing import diff_from_ops
from app.core.errors import InvalidInput
from app.core.export.clean import export_clean_draft
from app.core.export.compilation import CompiledProposal, export_compilation
from app.core.export.docx_layout import DocumentHeading
from app.core.export.redline import RedlineChange, export_redline
from app.core.negotiation import ByHunk
from app.core.records import AttributionBrief, StoredChange
from app.core.vocabulary import DraftStage, ExportKind, ProposalAction, ProposalStatus
from app.db.models import Draft, Negotiation, Paragraph
from app.db.repositories import delegations as delegations_repo
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.services.collisions import colliding_proposals
from app.services.comparison import attributions_of_changes, comparison_changes
from app.services.workers import Budget, run_in_worker

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODIES = {
    "HRC": "Human Rights Council",
    "GA": "General Assembly",
    "GA-C3": "General Assembly",
    "SC": "Security Council",
    "ECOSOC": "Economic and Social Council",
}

# Seconds one Word file may take to write, in a worker process (a redline of two
# 5,000-paragraph drafts takes about 1 s); longer gets 413. Unit: seconds.
EXPORT_BUDGET_S = 60.0
WRITING = "writing the Word file"


def export_document(
    session: Session,
    slug: str,
    kind: ExportKind,
    *,
    draft: str | int = "latest",
    from_draft: int | None = None,
) -> tuple[bytes, str]:
    """One export as (bytes, suggested file name); `kind` is clean, compare or compilation."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    target = drafts_repo.draft_by_seq(session, negotiation, draft)
    if kind == ExportKind.CLEAN:
        return clean_document(session, negotiation, target)
    if kind == ExportKind.COMPILATION:
        return compilation_document(session, negotiation, target)
    if from_draft is None:
        raise InvalidInput("A redline needs the draft to compare from.")
    old = drafts_repo.draft_by_seq(session, negotiation, from_draft)
    return redline_document(session, negotiation, old, target)


def stored_draft(session: Session, draft: Draft) -> tuple[core.Draft, list[Paragraph]]:
    """The core view of a stored draft, and its paragraph rows."""
    rows = drafts_repo.paragraphs_of_draft(session, draft.id)
    parsed = core.Draft(
        paragraphs=tuple(drafts_repo.paragraph_value(r) for r in rows),
        title=draft.title,
        formula=draft.formula,
        language=draft.language,
        masthead=tuple((k, str(v)) for k, v in (draft.masthead or {}).items()),
    )
    return parsed, rows


def heading_of(negotiation: Negotiation, draft: Draft) -> DocumentHeading:
    """What the masthead of an export prints."""
    masthead = draft.masthead or {}
    session = masthead.get("session") or session_line(negotiation.session)
    item = masthead.get("agenda_item") or negotiation.agenda_item
    agenda = f"Agenda item {item}" if item and not item.lower().startswith("agenda") else item
    return DocumentHeading(
        symbol=draft.symbol or "",
        date=_printed_date(draft),
        distribution=masthead.get(
            "distribution", "Limited" if draft.stage == DraftStage.TABLED else ""
        ),
        original_language=masthead.get("original", ""),
        body=BODIES.get(negotiation.body.upper(), negotiation.body),
        session=session,
        agenda_item=agenda,
        title=draft.title or negotiation.title,
        sponsors=masthead.get("sponsors", ""),
        label=draft.label,
        penholder=", ".join(negotiation.penholders),
    )


ONES = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
TENTHS = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
]


def session_line(session: str) -> str:
    """A session as a UN masthead prints it: '58' -> 'Fifty-eighth session'."""
    if not session.isdigit() or not 0 < int(session) < 200:
        return f"{session} session" if session else ""
    n, words = int(session), ""
    if n >= 100:
        words, n = "one hundred and " if n % 100 else "one hundredth", n % 100
    if 0 < n < 10:
        words += ONES[n - 1]
    elif 10 <= n < 20:
        words += TEENS[n - 10]
    elif n >= 20:
        words += TENTHS[n // 10 - 2] if n % 10 == 0 else f"{TENS[n // 10 - 2]}-{ONES[n % 10 - 1]}"
    return f"{words.strip().capitalize()} session"


def clean_document(session: Session, negotiation: Negotiation, draft: Draft) -> tuple[bytes, str]:
    """The clean draft in UN layout."""
    parsed, _ = stored_draft(session, draft)
    heading = heading_of(negotiation, draft)
    budget, size = Budget.of(EXPORT_BUDGET_S), _characters(parsed)
    raw = run_in_worker(budget, WRITING, size, export_clean_draft, parsed, heading)
    return raw, f"{negotiation.slug}-{_slug(draft.label)}.docx"


def redline_document(
    session: Session, negotiation: Negotiation, old: Draft, new: Draft
) -> tuple[bytes, str]:
    """The `new` draft with every change against `old` tracked, authored by its delegations."""
    if old.seq > new.seq:
        raise InvalidInput("A redline goes from an earlier draft to a later one.")
    old_core, old_rows = stored_draft(session, old)
    new_core, new_rows = stored_draft(session, new)
    old_refs = drafts_repo.stored_paragraphs_of_draft(session, old.id)
    new_refs = drafts_repo.stored_paragraphs_of_draft(session, new.id)
    changes = comparison_changes(session, negotiation, old, new, old_refs, new_refs)
    names = delegation_names(session)
    found = attributions_of_changes(session, negotiation, old, new, changes, old_refs, new_refs)
    old_at = {r.id: i for i, r in enumerate(old_rows)}
    new_at = {r.id: i for i, r in enumerate(new_rows)}
    steps = [
        _redline_change(c, old_at, new_at, by_hunk, names)
        for c, by_hunk in zip(changes, found, strict=True)
    ]
    penholder = "; ".join(negotiation.penholders) or "Penholder"
    raw = run_in_worker(
        Budget.of(EXPORT_BUDGET_S),
        WRITING,
        _characters(old_core) + _characters(new_core),
        export_redline,
        old_core,
        new_core,
        steps,
        heading_of(negotiation, new),
        (new.circulated_on or new.created_at.date()).isoformat(),
        penholder,
    )
    return raw, f"{negotiation.slug}-{_slug(new.label)}-vs-{_slug(old.label)}.docx"


def _redline_change(
    change: StoredChange,
    old_at: dict[int, int],
    new_at: dict[int, int],
    by_hunk: ByHunk,
    names: dict[str, str],
) -> RedlineChange:
    diff = diff_from_ops(core.Op(o.op, o.text) for o in change.ops)
    return RedlineChange(
        kind=change.kind,
        old=tuple(old_at[i] for i in change.from_paragraph_ids),
        new=tuple(new_at[j] for j in change.to_paragraph_ids),
        diff=diff,
        hunk_authors=tuple(_author(by_hunk.get(h.index, ()), names) for h in diff.hunks),
        author=_author(by_hunk.get(None, ()), names),
    )


def _author(attributions: Sequence[AttributionBrief], names: dict[str, str]) -> str | None:
    codes = list(dict.fromkeys(d.code for a in attributions for d in a.delegations))
    return "; ".join(names.get(code, code) for code in codes) or None


def delegation_names(session: Session) -> dict[str, str]:
    """Every delegation's name by code."""
    return {d.code: d.name for d in delegations_repo.all_delegations(session)}


def compilation_document(
    session: Session, negotiation: Negotiation, draft: Draft
) -> tuple[bytes, str]:
    """The draft with the pending proposals on each paragraph, proposers named."""
    parsed, rows = stored_draft(session, draft)
    position = {r.lineage_id: i for i, r in enumerate(rows)}
    names = delegation_names(session)
    compiled = []
    pending = [
        p
        for p in proposals_repo.proposals_of_negotiation(session, negotiation.id, draft_id=draft.id)
        if p.status == ProposalStatus.PENDING
    ]
    by_id = {p.id: p for p in pending}
    partners = colliding_proposals(session, pending)
    for proposal in pending:
        anchor = (
            proposal.after_lineage_id
            if proposal.action == ProposalAction.NEW_PARAGRAPH
            else proposal.lineage_id
        )
        target = position.get(anchor or "", -1)
        if target < 0 and proposal.action != ProposalAction.NEW_PARAGRAPH:
            continue
        compiled.append(
            CompiledProposal(
                target=target,
                delegations=tuple(names.get(c, c) for c in proposal.delegation_codes),
                action=ProposalAction(proposal.action),
                find=proposal.find or "",
                text=proposal.text or "",
                note=proposal.note or "",
                collides_with=tuple(
                    f"proposal {other} [{_names(names, by_id[other].delegation_codes)}]"
                    for other in partners.get(proposal.id, ())
                ),
            )
        )
    heading = heading_of(negotiation, draft)
    budget, size = Budget.of(EXPORT_BUDGET_S), _characters(parsed)
    raw = run_in_worker(budget, WRITING, size, export_compilation, parsed, compiled, heading)
    return raw, f"{negotiation.slug}-{_slug(draft.label)}-compilation.docx"


def _names(names: dict[str, str], codes: Sequence[str]) -> str:
    """Delegations by name, "European Union; Mexico"."""
    return "; ".join(names.get(code, code) for code in codes)


def _characters(draft: core.Draft) -> int:
    """How much text a draft holds: what decides whether its export runs in a worker process."""
    return sum(len(p.text) for p in draft.paragraphs)


def _printed_date(draft: Draft) -> str:
    day = draft.circulated_on
    return f"{day.day} {day:%B %Y}" if day else ""


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", label.lower()) or "draft"
