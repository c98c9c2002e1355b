"""Word exports of the sample negotiation read back as the drafts they came from."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy.orm import Session

from app.core.delegations import Registry
from app.core.model import Draft
from app.core.parsing.docx import parse_docx, read_docx_blocks
from app.core.parsing.structure import structure_draft
from app.data import load_delegations
from app.db import repositories as repo
from app.services.demo import load_sample_negotiation
from app.services.exports import export_document, stored_draft
from tests.conftest import SAMPLES

SEQS = [1, 2, 3, 4, 5]


@pytest.fixture
def slug(db: Session) -> str:
    return load_sample_negotiation(db, SAMPLES)


def shape(draft: Draft) -> list[tuple[str, str, str, str]]:
    return [(p.kind, p.label, p.number, p.text) for p in draft.paragraphs]


def stored(db: Session, slug: str, seq: int) -> Draft:
    negotiation = repo.negotiation_by_slug(db, slug)
    return stored_draft(db, repo.draft_by_seq(db, negotiation, seq))[0]


def test_every_clean_draft_reads_back_as_the_same_paragraphs(db: Session, slug: str) -> None:
    for seq in SEQS:
        raw, name = export_document(db, slug, "clean", draft=seq)
        assert name.startswith("hrd-hrc58-") and name.endswith(".docx")
        back, original = parse_docx(raw), stored(db, slug, seq)
        assert shape(back) == shape(original), seq
        assert [p.lead for p in back.paragraphs] == [p.lead for p in original.paragraphs]
        leads = [p.italics[:1] for p in back.paragraphs if p.kind in ("preambular", "operative")]
        assert leads == [
            p.italics[:1] for p in original.paragraphs if p.kind in ("preambular", "operative")
        ]
        assert all(lead for lead in leads), "every PP and OP opens in italics"


def test_every_redline_accepts_to_the_later_draft_and_rejects_to_the_earlier(
    db: Session, slug: str
) -> None:
    registry = Registry.from_records(load_delegations())
    for a, b in itertools.combinations(SEQS, 2):
        raw, _name = export_document(db, slug, "compare", draft=b, from_draft=a)
        accepted = structure_draft(read_docx_blocks(raw, view="accepted"))
        rejected = structure_draft(read_docx_blocks(raw, view="rejected"))
        assert shape(accepted) == shape(stored(db, slug, b)), (a, b)
        assert shape(rejected) == shape(stored(db, slug, a)), (a, b)
        authors = {r.author for p in accepted.paragraphs for r in p.revisions}
        assert authors, (a, b)
        for author in authors:
            assert all(registry.resolve(part) for part in author.split("; ")), author


def test_the_redline_is_named_like_a_negotiator_would(db: Session, slug: str) -> None:
    _, name = export_document(db, slug, "compare", draft=3, from_draft=2)
    assert name == "hrd-hrc58-rev2-vs-rev1.docx"


def test_the_compilation_names_the_proposers_in_brackets(db: Session, slug: str) -> None:
    raw, name = export_document(db, slug, "compilation", draft=1)
    assert name == "hrd-hrc58-zerodraft-compilation.docx"
    text = "\n".join(b.text for b in read_docx_blocks(raw))
    negotiation = repo.negotiation_by_slug(db, slug)
    zero = repo.draft_by_seq(db, negotiation, 1)
    pending = [
        p
        for p in repo.proposals_of_negotiation(db, negotiation.id, draft_id=zero.id)
        if p.status == "pending"
    ]
    assert pending, "the record leaves rejected proposals pending against the zero draft"
    assert "[Russian Federation]" in text
