"""An editor's lineage correction: kept, audited, and the changes recomputed."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AuditEntry, LineageCorrection
from tests.conftest import SAMPLES

DRAFTS = ["01-zero-draft.txt", "02-rev1.txt", "03-rev2.txt"]


@pytest.fixture
def slug(client: TestClient) -> str:
    slug = client.post("/api/v1/negotiations", json={"title": "HRD", "body": "HRC"}).json()["slug"]
    for k, name in enumerate(DRAFTS):
        client.post(
            f"/api/v1/negotiations/{slug}/drafts",
            data={"label": f"D{k + 1}"},
            files={"file": (name, (SAMPLES / name).read_bytes(), "text/plain")},
        )
    return str(slug)


def paragraph(client: TestClient, slug: str, seq: int, label: str) -> dict[str, Any]:
    draft = client.get(f"/api/v1/negotiations/{slug}/drafts/{seq}").json()
    return next(p for p in draft["paragraphs"] if p["label"] == label)


def change_to(client: TestClient, slug: str, a: int, b: int, label: str) -> dict[str, Any]:
    found = client.get(f"/api/v1/negotiations/{slug}/compare", params={"from": a, "to": b}).json()
    return next(c for c in found["changes"] if label in c["to"]["labels"])


def test_a_corrected_paragraph_continues_the_lineage_it_was_given(
    client: TestClient, slug: str, db: Session
) -> None:
    added = paragraph(client, slug, 2, "OP11 bis")
    target = paragraph(client, slug, 1, "OP11")
    response = client.put(
        f"/api/v1/negotiations/{slug}/drafts/2/paragraphs/{added['id']}/lineage",
        json={"lineage_id": target["lineage_id"]},
    )
    assert response.status_code == 200, response.text
    assert paragraph(client, slug, 2, "OP11 bis")["lineage_id"] == target["lineage_id"]
    change = change_to(client, slug, 1, 2, "OP11 bis")
    assert change["from"]["labels"] == ["OP11"] and change["kind"] == "modified"
    assert change_to(client, slug, 1, 2, "OP11")["kind"] == "added"
    assert db.scalars(select(LineageCorrection)).one().lineage_id == target["lineage_id"]
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "lineage.correct")).one()
    assert audit.actor == "test-editor"


def test_later_drafts_follow_a_correction(client: TestClient, slug: str) -> None:
    added = paragraph(client, slug, 2, "OP11 bis")
    target = paragraph(client, slug, 1, "OP11")
    client.put(
        f"/api/v1/negotiations/{slug}/drafts/2/paragraphs/{added['id']}/lineage",
        json={"lineage_id": target["lineage_id"]},
    )
    history = client.get(
        f"/api/v1/negotiations/{slug}/paragraphs/{target['lineage_id']}/history"
    ).json()
    labels = [e["label"] for e in history["entries"]]
    assert labels[:2] == ["OP11", "OP11 bis"] and len(labels) == 3


def test_a_paragraph_can_be_declared_new(client: TestClient, slug: str) -> None:
    kept = paragraph(client, slug, 2, "PP1")
    response = client.put(
        f"/api/v1/negotiations/{slug}/drafts/2/paragraphs/{kept['id']}/lineage",
        json={"lineage_id": None},
    )
    assert response.status_code == 200
    assert change_to(client, slug, 1, 2, "PP1")["kind"] == "added"
    assert paragraph(client, slug, 2, "PP1")["lineage_id"] != kept["lineage_id"]


def test_a_lineage_missing_from_the_base_draft_is_refused(client: TestClient, slug: str) -> None:
    later = paragraph(client, slug, 3, "OP5 bis")
    earlier = paragraph(client, slug, 2, "PP1")
    response = client.put(
        f"/api/v1/negotiations/{slug}/drafts/2/paragraphs/{earlier['id']}/lineage",
        json={"lineage_id": later["lineage_id"]},
    )
    assert response.status_code == 422
    missing = client.put(
        f"/api/v1/negotiations/{slug}/drafts/2/paragraphs/999999/lineage", json={"lineage_id": None}
    )
    assert missing.status_code == 404


def test_a_viewer_cannot_correct(app_client: TestClient, tokens: dict[str, str], slug: str) -> None:
    kept = paragraph(app_client, slug, 2, "PP1")
    app_client.headers["Authorization"] = f"Bearer {tokens['viewer']}"
    response = app_client.put(
        f"/api/v1/negotiations/{slug}/drafts/2/paragraphs/{kept['id']}/lineage",
        json={"lineage_id": None},
    )
    assert response.status_code == 403


def test_a_comparison_is_answered_again_only_until_something_is_written(
    client: TestClient, slug: str
) -> None:
    url = f"/api/v1/negotiations/{slug}/compare"
    first = client.get(url, params={"from": 1, "to": 2})
    etag = first.headers["etag"]
    assert client.get(url, params={"from": 1, "to": 2}).content == first.content
    unchanged = client.get(url, params={"from": 1, "to": 2}, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    change = next(c for c in first.json()["changes"] if c["hunks"])
    tagged = client.post(
        f"/api/v1/negotiations/{slug}/attributions",
        json={"to": 2, "lineage_id": change["lineage_id"], "hunk": 0, "delegations": ["EU"]},
    )
    assert tagged.status_code == 201, tagged.text
    again = client.get(url, params={"from": 1, "to": 2}, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["etag"] != etag
    hunk = next(c for c in again.json()["changes"] if c["lineage_id"] == change["lineage_id"])
    assert any(
        d["code"] == "EU" for a in hunk["hunks"][0]["attributions"] for d in a["delegations"]
    )
