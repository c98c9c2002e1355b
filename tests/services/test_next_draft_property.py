"""Property: for random proposals on random drafts, the dry run is what gets stored, and
applying no proposal stores a draft identical to its base."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.core.vocabulary import ProposalAction
from app.db.repositories import drafts as drafts_repo
from app.services.collisions import collisions_on_draft
from app.services.drafts import Upload, upload_draft
from app.services.negotiations import NewNegotiation, create_negotiation
from app.services.next_draft import NextDraftOrder, make_next_draft
from app.services.proposals import NewProposal, create_proposal

WORDS = ("States", "rights", "defenders", "protect", "all", "urges", "the", "law", "and", "to")
LEADS = ("Encourages", "Urges", "Calls upon", "Requests", "Decides")
COUNTER = itertools.count(1)

sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(" ".join)


@st.composite
def drafts_and_proposals(draw: st.DrawFn) -> tuple[str, list[tuple[int, str, str, str]]]:
    """A draft text and proposals on it: (paragraph index, action, find, text)."""
    preambular = draw(st.lists(sentences, min_size=1, max_size=3))
    operative = draw(st.lists(st.tuples(st.sampled_from(LEADS), sentences), min_size=1, max_size=5))
    paragraphs = [f"Recalling {s}," for s in preambular]
    paragraphs += [f"{n}. {lead} {s};" for n, (lead, s) in enumerate(operative, 1)]
    text = "The Human Rights Council,\n\n" + "\n\n".join(paragraphs) + "\n"
    bodies = [f"Recalling {s}," for s in preambular] + [f"{lead} {s};" for lead, s in operative]
    proposals = []
    for _ in range(draw(st.integers(0, 6))):
        k = draw(st.integers(0, len(bodies) - 1))
        words = bodies[k].rstrip(",;").split()
        start = draw(st.integers(0, len(words) - 1))
        end = draw(st.integers(start + 1, min(len(words), start + 3)))
        find = " ".join(words[start:end])
        action = draw(st.sampled_from(list(ProposalAction)))
        proposals.append(
            (
                k,
                str(action),
                find,
                " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))),
            )
        )
    return text, proposals


def stored_paragraphs(db: Session, slug: str, seq: int) -> list[tuple[object, ...]]:
    negotiation = drafts_repo.negotiation_by_slug(db, slug)
    draft = drafts_repo.draft_by_seq(db, negotiation, seq)
    return [
        (p.lineage_id, p.label, p.kind, p.number, p.lead, p.text, p.level)
        for p in drafts_repo.paragraphs_of_draft(db, draft.id)
    ]


def new_negotiation(db: Session, text: str) -> tuple[str, list[str]]:
    slug = create_negotiation(
        db, "test", NewNegotiation(title="Property", body="HRC", slug=f"property-{next(COUNTER)}")
    ).slug
    upload_draft(db, "test", slug, Upload(text.encode(), "zero.txt", "text/plain", "Zero"))
    rows = stored_paragraphs(db, slug, 1)
    return slug, [str(r[0]) for r in rows if r[2] in ("preambular", "operative")]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=drafts_and_proposals())
def test_the_dry_run_is_what_gets_stored(
    db: Session, case: tuple[str, list[tuple[int, str, str, str]]]
) -> None:
    text, drawn = case
    slug, lineages = new_negotiation(db, text)
    ids = []
    for k, action, find, words in drawn:
        new = NewProposal(
            delegations=("EU",),
            action=ProposalAction(action),
            lineage_id=None if action == ProposalAction.NEW_PARAGRAPH else lineages[k],
            after_lineage_id=lineages[k] if action == ProposalAction.NEW_PARAGRAPH else None,
            find=find if action in ("replace", "delete", "insert") else None,
            text=words if action in ("replace", "insert", "new-paragraph") else None,
        )
        ids.append(create_proposal(db, "test", slug, new).id)
    draft_id = drafts_repo.draft_by_seq(db, drafts_repo.negotiation_by_slug(db, slug), 1).id
    clashing = {c.second for c in collisions_on_draft(db, draft_id)}
    chosen = tuple(i for i in ids if i not in clashing)
    order = NextDraftOrder(label="Next", proposals=chosen, dry_run=True)
    preview = make_next_draft(db, "test", slug, 1, order)
    made = make_next_draft(db, "test", slug, 1, NextDraftOrder(label="Next", proposals=chosen))
    stored = stored_paragraphs(db, slug, made.seq or 0)
    assert [(p.label, p.kind, p.number, p.lead, p.text, p.level) for p in preview.paragraphs] == [
        row[1:] for row in stored
    ]
    carried = [p.lineage_id for p in preview.paragraphs]
    assert [c for c in carried if c] == [row[0] for row in stored if row[0] in set(carried)]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=drafts_and_proposals())
def test_applying_no_proposal_stores_a_draft_identical_to_its_base(
    db: Session, case: tuple[str, list[tuple[int, str, str, str]]]
) -> None:
    slug, _ = new_negotiation(db, case[0])
    made = make_next_draft(db, "test", slug, 1, NextDraftOrder(label="Same", proposals=()))
    assert stored_paragraphs(db, slug, made.seq or 0) == stored_paragraphs(db, slug, 1)
    negotiation = drafts_repo.negotiation_by_slug(db, slug)
    changes = drafts_repo.changes_of_draft(db, drafts_repo.draft_by_seq(db, negotiation, 2).id)
    assert {c.kind for c in changes} == {"unchanged"}
