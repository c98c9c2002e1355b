"""Mistakes put right: a draft renamed, withdrawn and restored (its text never changing), the
same file uploaded twice refused, a Word file with tracked changes stopped to ask."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AuditEntry
from tests.api.test_proposals_api import word_file
from tests.conftest import SAMPLES

DRAFTS = ["01-zero-draft.txt", "02-rev1.txt", "03-rev2.txt"]


def upload(client: TestClient, slug: str, name: str, label: str, **form: str) -> Any:
    return client.post(
        f"/api/v1/negotiations/{slug}/drafts",
        data={"label": label, **form},
        files={"file": (name, (SAMPLES / name).read_bytes(), "text/plain")},
    )


@pytest.fixture
def slug(client: TestClient) -> str:
    slug = client.post("/api/v1/negotiations", json={"title": "HRD", "body": "HRC"}).json()["slug"]
    for k, name in enumerate(DRAFTS):
        assert upload(client, slug, name, f"D{k + 1}").status_code == 201
    return str(slug)


def test_a_draft_label_can_be_corrected_and_the_rename_is_audited(
    client: TestClient, slug: str, db: Session
) -> None:
    renamed = client.patch(f"/api/v1/negotiations/{slug}/drafts/2", json={"label": "Rev.1"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["label"] == "Rev.1"
    compared = client.get(f"/api/v1/negotiations/{slug}/compare", params={"from": 2, "to": 3})
    assert compared.json()["from"]["label"] == "Rev.1"
    audit = {(e.action, e.target, e.detail.get("to")) for e in db.scalars(select(AuditEntry))}
    assert ("draft.rename", f"{slug}/2", "Rev.1") in audit


def test_a_withdrawn_draft_leaves_the_timeline_and_the_next_is_compared_with_the_one_before(
    client: TestClient, slug: str, db: Session
) -> None:
    source = client.get(f"/api/v1/negotiations/{slug}/drafts/2/source").content
    direct = client.get(f"/api/v1/negotiations/{slug}/compare", params={"from": 1, "to": 3}).json()
    withdrawn = client.patch(f"/api/v1/negotiations/{slug}/drafts/2", json={"withdrawn": True})
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["withdrawn_at"] is not None
    negotiation = client.get(f"/api/v1/negotiations/{slug}").json()
    assert negotiation["draft_count"] == 2
    third = next(d for d in negotiation["drafts"] if d["seq"] == 3)
    assert third["based_on"] == 1
    stepped = client.get(f"/api/v1/negotiations/{slug}/compare", params={"from": 1, "to": 3}).json()
    assert stepped["summary"] == direct["summary"]
    assert [d["seq"] for d in client.get(f"/api/v1/negotiations/{slug}/map").json()["drafts"]] == [
        1,
        3,
    ]
    # kept, byte for byte, and restorable
    assert client.get(f"/api/v1/negotiations/{slug}/drafts/2/source").content == source
    restored = client.patch(f"/api/v1/negotiations/{slug}/drafts/2", json={"withdrawn": False})
    assert restored.json()["withdrawn_at"] is None
    third = next(
        d for d in client.get(f"/api/v1/negotiations/{slug}").json()["drafts"] if d["seq"] == 3
    )
    assert third["based_on"] == 2
    actions = [e.action for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["draft.withdraw", "draft.restore"]


def test_withdrawing_the_latest_draft_makes_the_one_before_latest(
    client: TestClient, slug: str
) -> None:
    client.patch(f"/api/v1/negotiations/{slug}/drafts/3", json={"withdrawn": True})
    assert client.get(f"/api/v1/negotiations/{slug}/drafts/latest").json()["seq"] == 2


def test_the_same_file_uploaded_twice_is_refused_naming_the_draft_unless_insisted(
    client: TestClient, slug: str
) -> None:
    again = upload(client, slug, "02-rev1.txt", "Rev.1")
    assert again.status_code == 409, again.text
    problem = again.json()
    assert problem["reason"] == "duplicate"
    assert problem["draft"] == {"seq": 2, "label": "D2"}
    assert "D2" in problem["detail"]
    assert client.get(f"/api/v1/negotiations/{slug}").json()["draft_count"] == 3
    insisted = upload(client, slug, "02-rev1.txt", "Rev.1 again", allow_duplicate="true")
    assert insisted.status_code == 201, insisted.text
    raw = (SAMPLES / "02-rev1.txt").read_bytes()
    assert insisted.json()["sha256"] == hashlib.sha256(raw).hexdigest()


def test_a_word_file_with_tracked_changes_asks_before_it_becomes_a_draft(
    client: TestClient,
) -> None:
    slug = client.post("/api/v1/negotiations", json={"title": "TC", "body": "HRC"}).json()["slug"]
    files = {"file": ("redline.docx", word_file(), "application/octet-stream")}
    asked = client.post(f"/api/v1/negotiations/{slug}/drafts", data={"label": "Rev.1"}, files=files)
    assert asked.status_code == 409, asked.text
    assert asked.json()["reason"] == "tracked-changes" and asked.json()["revisions"] >= 3
    assert client.get(f"/api/v1/negotiations/{slug}").json()["draft_count"] == 0
    accepted = client.post(
        f"/api/v1/negotiations/{slug}/drafts",
        data={"label": "Rev.1", "accept_tracked_changes": "true"},
        files=files,
    )
    assert accepted.status_code == 201, accepted.text
    texts = [p["text"] for p in accepted.json()["paragraphs"]]
    assert any(t.startswith("Urges States") for t in texts)


def test_a_viewer_may_not_correct_a_draft(
    app_client: TestClient, tokens: dict[str, str], slug: str
) -> None:
    refused = app_client.patch(
        f"/api/v1/negotiations/{slug}/drafts/2",
        json={"label": "X"},
        headers={"Authorization": f"Bearer {tokens['viewer']}"},
    )
    assert refused.status_code == 403


def test_text_sent_as_json_twice_is_stored_unless_the_client_asks_to_be_refused(
    client: TestClient, slug: str
) -> None:
    text = (SAMPLES / "03-rev2.txt").read_text(encoding="utf-8")
    url = f"/api/v1/negotiations/{slug}/drafts"
    assert client.post(url, json={"label": "Again", "text": text}).status_code == 201
    refused = client.post(url, json={"label": "Again", "text": text, "allow_duplicate": False})
    assert refused.status_code == 409 and refused.json()["draft"]["seq"] == 3
