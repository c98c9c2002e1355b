"""Word exports of the sample negotiation read back as the drafts they came from."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.core.delegations import Registry
from app.core.model import Draft
from app.core.parsing.docx import parse_docx, read_docx_blocks
from app.core.parsing.structure import structure_draft
from app.core.vocabulary import ProposalStatus
from app.data import load_delegations
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.services.demo import load_sample_negotiation
from app.services.exports import export_document, stored_draft
from app.services.proposal_import import WordFile, WordImport, import_word_proposals
from tests.conftest import SAMPLES
from tests.core.docx_views import convert

SEQS = [1, 2, 3, 4, 5]


@pytest.fixture
def slug(db: Session) -> str:
    return load_sample_negotiation(db, SAMPLES)


def shape(draft: Draft) -> list[tuple[str, str, str, str]]:
    return [(p.kind, p.label, p.number, p.text) for p in draft.paragraphs]


def stored(db: Session, slug: str, seq: int) -> Draft:
    negotiation = drafts_repo.negotiation_by_slug(db, slug)
    return stored_draft(db, drafts_repo.draft_by_seq(db, negotiation, seq))[0]


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
    negotiation = drafts_repo.negotiation_by_slug(db, slug)
    zero = drafts_repo.draft_by_seq(db, negotiation, 1)
    # As on the eve of the first informals: every proposal on the zero draft still pending.
    for proposal in proposals_repo.proposals_of_negotiation(db, negotiation.id, draft_id=zero.id):
        proposal.status = ProposalStatus.PENDING
    db.flush()
    raw, name = export_document(db, slug, "compilation", draft=1)
    assert name == "hrd-hrc58-zerodraft-compilation.docx"
    text = "\n".join(b.text for b in read_docx_blocks(raw))
    assert "[Russian Federation]" in text


def test_our_redline_imports_back_as_proposals_by_its_delegations(db: Session, slug: str) -> None:
    raw, _ = export_document(db, slug, "compare", draft=2, from_draft=1)
    authors = {
        r.author
        for p in structure_draft(read_docx_blocks(raw)).paragraphs
        for r in p.revisions
        if r.author != "Norway"
    }
    assert len(authors) >= 3
    imported = import_word_proposals(
        db, "test", slug, WordFile(raw=raw, file_name="rev1-redline.docx", draft=1)
    )
    named = {d.name for item in imported.items for d in item.delegations}
    assert {name for author in authors for name in author.split("; ")} <= named
    assert all(item.status == ProposalStatus.PENDING for item in imported.items)


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_our_redline_saved_again_by_libreoffice_imports_by_the_same_delegations(
    db: Session, slug: str, tmp_path: Path
) -> None:
    raw, _ = export_document(db, slug, "compare", draft=2, from_draft=1)
    resaved = convert(raw, "docx:MS Word 2007 XML", tmp_path, tmp_path / "profile")
    ours = import_word_proposals(db, "test", slug, WordFile(raw=raw, file_name="a.docx", draft=1))
    theirs = import_word_proposals(
        db, "test", slug, WordFile(raw=resaved, file_name="b.docx", draft=1)
    )

    def delegations(found: WordImport) -> set[str]:
        return {d.code for item in found.items for d in item.delegations}

    assert len(delegations(theirs)) >= 3
    assert delegations(theirs) == delegations(ours)
