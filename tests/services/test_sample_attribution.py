"""Matching alone on the sample negotiation names the delegations the record says, hunk by hunk.

The five sample drafts are uploaded in order; before each round's `to` draft is uploaded, that
round's proposals from `sample_drafts/record.json` are posted as pending proposals against its
`from` draft (target labels read as lineages there). No attribution is made by hand.

Expected delegations of a hunk: those of the accepted or partly accepted proposals whose target
(or, for a new paragraph, whose `becomes` label in the `to` draft) is the hunk's paragraph; the
record says every difference comes from exactly one of them or from a restructuring entry.

Restructuring (Norway's split, move and merge) is not a proposal action, so no proposal is
posted for it: its hunks are left out of the *named* figure (nothing could name them), but
stay in the *wrong* figure, where naming anybody but Norway on them would count as wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.core.delegations import Registry
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import proposals as proposals_repo
from app.services.delegations import registry_of
from app.services.demo import read_record, record_round_proposals
from tests.conftest import SAMPLES

RECORD: dict[str, Any] = json.loads((SAMPLES / "record.json").read_text(encoding="utf-8"))
SLUG = RECORD["negotiation"]["slug"]
ADOPTED = ("accepted", "partly-accepted")


@dataclass
class Tally:
    """One round's hunks: how many, how many named right, how many named someone unrelated."""

    hunks: int = 0
    named: int = 0
    wrong: int = 0
    restructuring: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def named_share(self) -> float:
        """Share of proposal hunks whose attributions name the record's delegations."""
        return self.named / self.hunks if self.hunks else 1.0

    @property
    def wrong_share(self) -> float:
        """Share of all hunks naming a delegation that had nothing to do with them."""
        total = self.hunks + self.restructuring
        return self.wrong / total if total else 0.0


def upload(client: TestClient, entry: dict[str, Any]) -> dict[str, Any]:
    """Upload one sample draft as the record describes it; return the stored draft."""
    path = SAMPLES / entry["file"]
    fields = {k: entry[k] for k in ("label", "stage", "symbol", "circulated_on") if entry.get(k)}
    response = client.post(
        f"/api/v1/negotiations/{SLUG}/drafts",
        data=fields,
        files={"file": (path.name, path.read_bytes(), "text/plain")},
    )
    assert response.status_code == 201, response.text
    draft: dict[str, Any] = response.json()
    return draft


def post_round_proposals(client: TestClient, draft: dict[str, Any], entry: dict[str, Any]) -> None:
    """Post a round's proposals as pending against its `from` draft."""
    lineage = {p["label"]: p["lineage_id"] for p in draft["paragraphs"]}
    for item in entry["proposals"]:
        body = {
            "delegations": item["delegations"],
            "draft": draft["seq"],
            "lineage_id": lineage[item["target"]] if item.get("target") else None,
            "after_lineage_id": lineage[item["after"]] if item.get("after") else None,
            "action": item["action"],
            "find": item.get("find"),
            "text": item.get("text"),
            "source": entry["source"],
            "note": item.get("note", ""),
        }
        response = client.post(f"/api/v1/negotiations/{SLUG}/proposals", json=body)
        assert response.status_code == 201, response.text


def codes_of(registry: Registry, names: list[str]) -> set[str]:
    """The codes of delegations named in the record."""
    found = {registry.resolve(name) for name in names}
    assert None not in found, names
    return {d.code for d in found if d is not None}


def tally_round(
    db: Session, registry: Registry, entry: dict[str, Any], base_id: int, draft_id: int
) -> Tally:
    """Compare the matched attributions of one round's hunks with what the record says."""
    old_label = {p.id: p.label for p in drafts_repo.paragraphs_of_draft(db, base_id)}
    new_label = {p.id: p.label for p in drafts_repo.paragraphs_of_draft(db, draft_id)}
    changes = [c for c in drafts_repo.changes_of_draft(db, draft_id) if c.kind != "unchanged"]
    attributions = [
        a
        for a in proposals_repo.attributions_of_changes(db, [c.id for c in changes])
        if a.method == "matched"
    ]
    tally = Tally()
    for change in changes:
        before = {old_label[i] for i in change.from_paragraph_ids}
        after = {new_label[i] for i in change.to_paragraph_ids}
        expected: set[str] = set()
        for item in entry["proposals"]:
            if item["status"] in ADOPTED and (
                item.get("target") in before or item.get("becomes") in after
            ):
                expected |= codes_of(registry, item["delegations"])
        restructured = any(
            before & set(r["from"]) or after & set(r["to"]) for r in entry["restructuring"]
        )
        for hunk in change.hunks:
            named = {
                code
                for a in attributions
                if a.change_id == change.id and a.hunk_index in (None, hunk["index"])
                for code in a.delegation_codes
            }
            if not expected:
                assert restructured, f"{sorted(before)} -> {sorted(after)} has no author"
                tally.restructuring += 1
                tally.wrong += bool(named - {"NOR"})
                continue
            tally.hunks += 1
            tally.named += expected <= named
            tally.wrong += bool(named - expected)
            if named != expected:
                tally.misses.append(f"{sorted(after)} hunk {hunk['index']}: {sorted(named)}")
    return tally


@pytest.fixture
def sample(client: TestClient, db: Session) -> list[tuple[dict[str, Any], Tally]]:
    """The sample negotiation loaded round by round, and each round's tally."""
    assert client.post("/api/v1/negotiations", json=RECORD["negotiation"]).status_code == 201
    drafts = [upload(client, RECORD["drafts"][0])]
    for entry, next_draft in zip(RECORD["rounds"], RECORD["drafts"][1:], strict=True):
        post_round_proposals(client, drafts[-1], entry)
        drafts.append(upload(client, next_draft))
    negotiation = drafts_repo.negotiation_by_slug(db, SLUG)
    ids = [d.id for d in drafts_repo.drafts_of_negotiation(db, negotiation.id)]
    registry = registry_of(db)
    return [
        (entry, tally_round(db, registry, entry, ids[i], ids[i + 1]))
        for i, entry in enumerate(RECORD["rounds"])
    ]


def test_matching_names_the_record_s_delegations_on_every_round(
    sample: list[tuple[dict[str, Any], Tally]],
) -> None:
    for entry, tally in sample:
        print(
            f"{entry['from']} -> {entry['to']}: {tally.named}/{tally.hunks} proposal hunks named "
            f"right ({tally.named_share:.0%}), {tally.wrong} of "
            f"{tally.hunks + tally.restructuring} hunks name an unrelated delegation "
            f"({tally.wrong_share:.0%}); {tally.restructuring} restructuring hunks left out"
        )
        assert tally.hunks > 0
        assert tally.named_share >= 0.95, tally.misses
        assert tally.wrong_share <= 0.02, tally.misses


def test_matched_proposals_take_the_status_the_record_gives_them(
    sample: list[tuple[dict[str, Any], Tally]], client: TestClient
) -> None:
    served = client.get(f"/api/v1/negotiations/{SLUG}/proposals", params={"limit": 500}).json()
    stated = [item["status"] for entry, _ in sample for item in entry["proposals"]]
    found = [p["status"] for p in served["items"]]
    expected = [status if status in ADOPTED else "pending" for status in stated]
    assert found == expected


def test_the_demo_loader_stores_a_round_as_pending_proposals(
    client: TestClient, db: Session
) -> None:
    assert client.post("/api/v1/negotiations", json=RECORD["negotiation"]).status_code == 201
    upload(client, RECORD["drafts"][0])
    record_round_proposals(db, "demo", SLUG, read_record(SAMPLES).rounds[0])
    served = client.get(f"/api/v1/negotiations/{SLUG}/proposals", params={"limit": 500}).json()
    assert served["total"] == len(RECORD["rounds"][0]["proposals"])
    assert {p["status"] for p in served["items"]} == {"pending"}
    assert served["items"][0]["target_label"] == RECORD["rounds"][0]["proposals"][0]["target"]
