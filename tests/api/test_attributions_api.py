"""Attributions over the API: by hand on a change or a hunk, never twice, and by matching."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.records import AttributionBrief, DelegationRef
from app.core.vocabulary import AttributionMethod
from app.db.models import Attribution, AuditEntry, Change
from app.services.attribution import attribution_briefs
from tests.api.test_proposals_api import ZERO, Negotiation, word_file

REV1 = ZERO.replace("Encourages States to protect", "Urges States to protect and support").replace(
    "3. Decides to remain seized of the matter.\n", "3. Decides to remain actively seized.\n"
)


@pytest.fixture
def negotiation(client: TestClient) -> Negotiation:
    """The zero draft and a Rev.1 that changes OP1 in two places and OP3 once."""
    negotiation = Negotiation(client)
    negotiation.upload(REV1, "Rev.1")
    return negotiation


def url(negotiation: Negotiation) -> str:
    """The attributions collection."""
    return f"/api/v1/negotiations/{negotiation.slug}/attributions"


def attribute(negotiation: Negotiation, **fields: Any) -> Any:
    """POST an attribution on OP1 of Rev.1 (by default) to Mexico."""
    body = {"to": 2, "lineage_id": negotiation.lineage["OP1"], "delegations": ["Mexico"], **fields}
    return negotiation.client.post(url(negotiation), json=body)


def test_a_hunk_is_attributed_by_hand_with_full_confidence(negotiation: Negotiation) -> None:
    response = attribute(negotiation, hunk=1, delegations=["Mexico", "Chile"])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["delegations"] == [
        {"code": "MEX", "name": "Mexico"},
        {"code": "CHL", "name": "Chile"},
    ]
    assert (body["to"], body["lineage_id"], body["hunk"]) == (2, negotiation.lineage["OP1"], 1)
    assert (body["method"], body["confidence"], body["proposal_id"]) == ("manual", 1.0, None)
    assert body["created_by"] == "test-editor"


def test_the_same_attribution_twice_is_a_conflict(negotiation: Negotiation) -> None:
    assert attribute(negotiation, hunk=0).status_code == 201
    again = attribute(negotiation, hunk=0, delegations=["MEX"])
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert attribute(negotiation, hunk=1).status_code == 201


def test_the_database_itself_refuses_a_duplicate_key(negotiation: Negotiation, db: Session) -> None:
    attribution_id = attribute(negotiation, hunk=0).json()["id"]
    stored = db.get(Attribution, attribution_id)
    assert stored is not None
    twin = Attribution(change_id=stored.change_id, hunk_index=0, key=stored.key, method="manual")
    nested = db.begin_nested()
    db.add(twin)
    with pytest.raises(IntegrityError):
        db.flush()
    nested.rollback()


def test_a_whole_change_is_attributed_when_no_hunk_is_given(negotiation: Negotiation) -> None:
    response = attribute(negotiation, lineage_id=negotiation.lineage["OP3"])
    assert response.status_code == 201 and response.json()["hunk"] is None


def test_a_proposal_gives_its_delegations_when_none_are_named(negotiation: Negotiation) -> None:
    zero_draft = negotiation.propose(draft=1, action="replace", find="Encourages", text="Urges")
    proposal_id = zero_draft.json()["id"]
    response = attribute(negotiation, hunk=0, delegations=[], proposal_id=proposal_id)
    assert response.status_code == 201, response.text
    assert response.json()["delegations"] == [{"code": "EU", "name": "European Union"}]
    assert response.json()["proposal_id"] == proposal_id
    assert attribute(negotiation, delegations=[], proposal_id=999999).status_code == 422


def test_refusals_name_what_is_wrong(negotiation: Negotiation) -> None:
    assert attribute(negotiation, hunk=7).status_code == 422
    assert attribute(negotiation, delegations=["Atlantis"]).status_code == 422
    assert attribute(negotiation, delegations=[]).status_code == 422
    assert attribute(negotiation, lineage_id="f" * 32).status_code == 404
    assert attribute(negotiation, to=9).status_code == 404


def test_an_attribution_is_deleted_once(negotiation: Negotiation, db: Session) -> None:
    attribution_id = attribute(negotiation, hunk=0).json()["id"]
    target = f"{url(negotiation)}/{attribution_id}"
    assert negotiation.client.delete(target).status_code == 204
    assert negotiation.client.delete(target).status_code == 404
    actions = db.scalars(select(AuditEntry.action).where(AuditEntry.action.like("attribution.%")))
    assert list(actions) == ["attribution.create", "attribution.delete"]


def test_a_viewer_cannot_attribute(
    negotiation: Negotiation, app_client: TestClient, tokens: dict[str, str]
) -> None:
    body = {"to": 2, "lineage_id": negotiation.lineage["OP1"], "delegations": ["Mexico"]}
    viewer = {"Authorization": f"Bearer {tokens['viewer']}"}
    assert app_client.post(url(negotiation), json=body, headers=viewer).status_code == 403


def test_attribution_briefs_group_them_by_change_then_hunk(
    negotiation: Negotiation, db: Session
) -> None:
    first = attribute(negotiation, hunk=0).json()
    whole = attribute(negotiation, delegations=["Chile"]).json()
    change_ids = [
        a.change_id for a in db.scalars(select(Attribution).where(Attribution.id == first["id"]))
    ]
    found = attribution_briefs(db, change_ids)
    assert found == {
        change_ids[0]: {
            0: [
                AttributionBrief(
                    id=first["id"],
                    delegations=(DelegationRef("MEX", "Mexico"),),
                    proposal_id=None,
                    method=AttributionMethod.MANUAL,
                    confidence=1.0,
                )
            ],
            None: [
                AttributionBrief(
                    id=whole["id"],
                    delegations=(DelegationRef("CHL", "Chile"),),
                    proposal_id=None,
                    method=AttributionMethod.MANUAL,
                    confidence=1.0,
                )
            ],
        }
    }
    assert attribution_briefs(db, []) == {}


def test_uploading_a_draft_records_matched_attributions_for_pending_proposals(
    client: TestClient, db: Session
) -> None:
    negotiation = Negotiation(client)
    proposal_id = negotiation.propose(
        delegations=["Brazil"], action="insert", find="protect", text=" and support"
    ).json()["id"]
    negotiation.upload(ZERO.replace("to protect", "to protect and support"), "Rev.1")
    rows = list(db.scalars(select(Attribution).where(Attribution.proposal_id == proposal_id)))
    assert [(r.method, r.delegation_codes, r.confidence) for r in rows] == [
        ("matched", ["BRA"], 1.0)
    ]
    change = db.get(Change, rows[0].change_id)
    assert change is not None and change.kind == "modified" and rows[0].hunk_index == 0


def test_a_word_draft_s_tracked_changes_are_attributed_to_their_authors(
    client: TestClient, db: Session
) -> None:
    negotiation = Negotiation(client)
    response = client.post(
        f"/api/v1/negotiations/{negotiation.slug}/drafts",
        data={"label": "Rev.1", "accept_tracked_changes": "true"},
        files={"file": ("rev1.docx", word_file(), "application/octet-stream")},
    )
    assert response.status_code == 201, response.text
    labels = {p["id"]: p["label"] for p in response.json()["paragraphs"]}
    rows = db.scalars(select(Attribution).where(Attribution.method == "imported")).all()
    found = set()
    for row in rows:
        change = db.get(Change, row.change_id)
        assert change is not None
        found.add((labels[change.to_paragraph_ids[0]], row.hunk_index, tuple(row.delegation_codes)))
        assert row.confidence == 0.9 and row.proposal_id is None
    assert found == {("OP1", 0, ("EU",)), ("OP2", 0, ("MEX",)), ("OP2 bis", 0, ("BRA",))}
