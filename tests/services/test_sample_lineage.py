"""The sample negotiation's story, step by step: every lineage is right in every round."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy.orm import Session

from app.api.schemas.comparison import ComparisonRead, HistoryRead
from app.services import comparison, history
from app.services.demo import load_sample_negotiation
from tests.conftest import SAMPLES


def compare_drafts(db: Session, slug: str, a: int, b: int) -> dict[str, Any]:
    """The comparison as the API serves it."""
    found = comparison.compare_drafts(db, slug, a, b)
    return ComparisonRead.model_validate(found).model_dump(mode="json", by_alias=True)


def paragraph_history(db: Session, slug: str, ref: str, draft: int | None = None) -> dict[str, Any]:
    """A paragraph's history as the API serves it."""
    found = history.paragraph_history(db, slug, ref, draft)
    return HistoryRead.model_validate(found).model_dump(mode="json", by_alias=True)


@pytest.fixture
def slug(db: Session) -> str:
    return load_sample_negotiation(db, SAMPLES)


def changes(db: Session, slug: str, a: int, b: int) -> list[dict[str, Any]]:
    return list(compare_drafts(db, slug, a, b)["changes"])


def of_kind(found: list[dict[str, Any]], kind: str) -> list[tuple[list[str], list[str]]]:
    return [(c["from"]["labels"], c["to"]["labels"]) for c in found if c["kind"] == kind]


def test_rev1_splits_op10_and_adds_op11_bis_and_two_preambular_paragraphs(
    db: Session, slug: str
) -> None:
    found = changes(db, slug, 1, 2)
    assert of_kind(found, "split") == [(["OP10"], ["OP10", "OP10 bis"])]
    added = [to for _, to in of_kind(found, "added")]
    assert ["OP11 bis"] in added
    assert sum(1 for labels in added if labels[0].startswith("PP")) == 2
    assert of_kind(found, "deleted") == [] and of_kind(found, "moved") == []
    assert of_kind(found, "merged") == []


def test_rev1_keeps_every_other_paragraph_in_its_lineage(db: Session, slug: str) -> None:
    found = changes(db, slug, 1, 2)
    for change in found:
        if change["kind"] in ("unchanged", "modified"):
            old, new = change["from"]["labels"][0], change["to"]["labels"][0]
            assert old.split("(")[0][:2] == new.split("(")[0][:2], (old, new)
    modified = {c["to"]["labels"][0] for c in found if c["kind"] == "modified"}
    assert {"OP4", "OP6", "OP11", "OP12"} <= modified


def test_rev2_moves_the_anniversary_paragraph_to_the_end_of_the_preamble(
    db: Session, slug: str
) -> None:
    found = changes(db, slug, 2, 3)
    assert of_kind(found, "moved") == [(["PP4"], ["PP22"])]
    added = {tuple(to) for _, to in of_kind(found, "added")}
    assert ("OP5 bis",) in added and ("OP13(d)",) in added
    assert of_kind(found, "deleted") == [] and of_kind(found, "split") == []


def test_l22_merges_the_reprisals_paragraphs_deletes_op24_and_renumbers(
    db: Session, slug: str
) -> None:
    found = changes(db, slug, 3, 4)
    assert of_kind(found, "merged") == [(["OP14", "OP15"], ["OP17"])]
    assert of_kind(found, "deleted") == [(["OP24"], [])]
    assert of_kind(found, "added") == []
    renumbered = [
        c for c in found if c["kind"] == "unchanged" and c["from"]["labels"] != c["to"]["labels"]
    ]
    assert renumbered, "the L-document renumbers the bis paragraphs"
    assert all("bis" not in c["to"]["labels"][0] for c in found if c["to"]["labels"])


def test_oral_revisions_change_two_paragraphs_only(db: Session, slug: str) -> None:
    found = changes(db, slug, 4, 5)
    kinds = [c["kind"] for c in found]
    assert kinds.count("modified") == 2
    assert set(kinds) == {"unchanged", "modified"}
    assert "OP21" in {c["to"]["labels"][0] for c in found if c["kind"] == "modified"}


def test_zero_draft_to_adopted_is_one_continuous_comparison(db: Session, slug: str) -> None:
    summary = compare_drafts(db, slug, 1, 5)["summary"]
    assert summary["moved"] == 1 and summary["split"] == 1 and summary["merged"] == 1
    assert summary["deleted"] == 1 and summary["added"] == 6


def test_history_of_the_moved_paragraph_shows_its_labels_in_every_draft(
    db: Session, slug: str
) -> None:
    found = paragraph_history(db, slug, "PP22", 3)
    labels = [(e["draft"]["seq"], e["label"], e["change"]) for e in found["entries"]]
    assert labels[0] == (1, "PP4", "added") and labels[1][1] == "PP4"
    assert labels[2] == (3, "PP22", "moved")
    assert len(labels) == 5


def test_history_of_the_merged_paragraph_names_both_origins(db: Session, slug: str) -> None:
    found = paragraph_history(db, slug, "OP17", 4)
    assert sorted(o["label"] for o in found["origins"]) == ["OP14", "OP15"]
    assert found["entries"][0]["change"] == "merged"
    origin = paragraph_history(db, slug, found["origins"][0]["lineage_id"])
    assert origin["successors"][0]["lineage_id"] == found["lineage_id"]


def test_net_hunks_across_several_drafts_carry_the_delegations_of_their_steps(
    db: Session, slug: str
) -> None:
    found = changes(db, slug, 1, 5)
    named = {
        (c["to"]["labels"][0] if c["to"]["labels"] else None, h["insert"]): {
            d["code"] for a in h["attributions"] for d in a["delegations"]
        }
        for c in found
        for h in c["hunks"]
    }
    assert named[("OP3", next(i for label, i in named if label == "OP3" and "impunity" in i))] == {
        "EU"
    }
    assert named[("PP11", "Deeply")] == {"RUS"}
    assert any(codes == {"PAK", "OIC"} for (label, _), codes in named.items() if label == "OP1")
    hunks = [h for c in found for h in c["hunks"]]
    assert sum(1 for h in hunks if h["attributions"]) >= 0.8 * len(hunks)


def test_the_demo_keeps_the_status_the_record_gives_each_proposal(db: Session, slug: str) -> None:
    from collections import Counter

    from app.services import proposal_views

    record = json.loads((SAMPLES / "record.json").read_text(encoding="utf-8"))
    stated = Counter(item["status"] for r in record["rounds"] for item in r["proposals"])
    page = proposal_views.list_proposals(
        db, slug, draft=None, status=None, delegation=None, lineage_id=None, limit=500, offset=0
    )
    assert Counter(str(p.status) for p in page.items) == stated
    assert stated["rejected"] == 12 and stated["withdrawn"] == 4
