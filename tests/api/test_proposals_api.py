"""Proposals over the API: recorded against a draft's paragraphs, listed, filtered, updated."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AuditEntry
from tests.core.docx_builders import docx, p, r, revision

ZERO = (
    "The Human Rights Council,\n\n"
    "Recalling its earlier resolutions on human rights defenders,\n\n"
    "1. Encourages States to protect human rights defenders;\n\n"
    "2. Calls upon States to give serious consideration to requests for visits;\n\n"
    "3. Decides to remain seized of the matter.\n"
)


class Negotiation:
    """A negotiation with its zero draft: its slug and its paragraphs' lineages by label."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        created = client.post("/api/v1/negotiations", json={"title": "Defenders", "body": "HRC"})
        self.slug = created.json()["slug"]
        draft = self.upload(ZERO, "Zero draft")
        self.lineage = {p["label"]: p["lineage_id"] for p in draft["paragraphs"]}

    @property
    def url(self) -> str:
        """The proposals collection."""
        return f"/api/v1/negotiations/{self.slug}/proposals"

    def upload(self, text: str, label: str) -> dict[str, Any]:
        """Upload a draft as JSON text."""
        response = self.client.post(
            f"/api/v1/negotiations/{self.slug}/drafts", json={"label": label, "text": text}
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def propose(self, **fields: Any) -> Any:
        """POST a proposal on OP1 (by default) from the EU."""
        body = {"delegations": ["EU"], "lineage_id": self.lineage["OP1"], **fields}
        return self.client.post(self.url, json=body)


@pytest.fixture
def negotiation(client: TestClient) -> Negotiation:
    return Negotiation(client)


def test_a_proposal_is_stored_with_its_delegations_as_codes_and_served_with_names(
    negotiation: Negotiation,
) -> None:
    response = negotiation.propose(
        delegations=["European Union", "Mexico", "UK"],
        action="replace",
        find="Encourages",
        text="Urges",
        source="informal-1",
        note="A stronger verb.",
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["delegations"] == [
        {"code": "EU", "name": "European Union"},
        {"code": "MEX", "name": "Mexico"},
        {"code": "GBR", "name": "United Kingdom of Great Britain and Northern Ireland"},
    ]
    assert (body["draft"], body["target_label"], body["status"]) == (1, "OP1", "pending")
    assert (body["action"], body["find"], body["text"]) == ("replace", "Encourages", "Urges")
    assert (body["source"], body["note"], body["created_by"]) == (
        "informal-1",
        "A stronger verb.",
        "test-editor",
    )
    assert body["after_lineage_id"] is None and body["created_at"]


def test_unknown_delegations_are_refused_by_name(negotiation: Negotiation) -> None:
    response = negotiation.propose(
        delegations=["EU", "Atlantis"], action="replace", find="Encourages", text="Urges"
    )
    assert response.status_code == 422
    assert "'Atlantis'" in response.json()["detail"]


def test_a_lineage_that_is_not_in_the_draft_is_refused(negotiation: Negotiation) -> None:
    response = negotiation.propose(
        lineage_id="0" * 32, action="replace", find="Encourages", text="Urges"
    )
    assert response.status_code == 422
    assert "not in draft 1" in response.json()["detail"]


def test_a_find_that_is_not_in_the_paragraph_is_refused(negotiation: Negotiation) -> None:
    response = negotiation.propose(action="replace", find="Strongly encourages", text="Urges")
    assert response.status_code == 422
    assert "'Strongly encourages' is not in OP1" in response.json()["detail"]


@pytest.mark.parametrize("action", ["replace", "insert"])
def test_a_replace_or_insert_without_text_is_refused(negotiation: Negotiation, action: str) -> None:
    response = negotiation.propose(action=action, find="Encourages")
    assert response.status_code == 422
    assert "needs 'text'" in response.json()["detail"]


def test_a_new_paragraph_without_text_is_refused(negotiation: Negotiation) -> None:
    response = negotiation.propose(
        lineage_id=None, after_lineage_id=negotiation.lineage["OP1"], action="new-paragraph"
    )
    assert response.status_code == 422


def test_after_lineage_id_is_only_for_a_new_paragraph(negotiation: Negotiation) -> None:
    response = negotiation.propose(
        action="replace",
        find="Encourages",
        text="Urges",
        after_lineage_id=negotiation.lineage["OP2"],
    )
    assert response.status_code == 422
    assert "only for a new-paragraph" in response.json()["detail"]


def test_a_new_paragraph_goes_after_a_paragraph_of_the_draft(negotiation: Negotiation) -> None:
    response = negotiation.propose(
        lineage_id=None,
        after_lineage_id=negotiation.lineage["OP1"],
        action="new-paragraph",
        text="Calls upon States to release detained defenders;",
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["lineage_id"], body["target_label"], body["after_label"]) == (None, None, "OP1")
    unknown_place = negotiation.propose(
        lineage_id=None, after_lineage_id="x" * 32, action="new-paragraph", text="Also;"
    )
    assert unknown_place.status_code == 422


def test_an_insert_without_find_and_a_paragraph_deletion_are_accepted(
    negotiation: Negotiation,
) -> None:
    assert negotiation.propose(action="insert", text=" effectively").status_code == 201
    deletion = negotiation.propose(action="delete-paragraph", lineage_id=negotiation.lineage["OP2"])
    assert deletion.status_code == 201 and deletion.json()["target_label"] == "OP2"


def test_the_list_filters_by_draft_status_delegation_and_lineage(
    negotiation: Negotiation, client: TestClient
) -> None:
    negotiation.propose(action="replace", find="Encourages", text="Urges")
    negotiation.propose(
        delegations=["Russia"], action="delete-paragraph", lineage_id=negotiation.lineage["OP2"]
    )
    negotiation.propose(
        delegations=["China"],
        action="insert",
        find="protect",
        text=" and support",
        status="rejected",
    )
    everything = client.get(negotiation.url).json()
    assert everything["total"] == 3 and len(everything["items"]) == 3

    def codes(**params: Any) -> list[str]:
        page = client.get(negotiation.url, params=params).json()
        return [p["delegations"][0]["code"] for p in page["items"]]

    assert codes(status="rejected") == ["CHN"]
    assert codes(delegation="Russian Federation") == ["RUS"]
    assert codes(lineage_id=negotiation.lineage["OP1"]) == ["EU", "CHN"]
    assert codes(draft=1, status="pending") == ["EU", "RUS"]
    assert codes(limit=1, offset=1) == ["RUS"]
    assert client.get(negotiation.url, params={"limit": 1}).json()["total"] == 3
    assert client.get(negotiation.url, params={"status": "maybe"}).status_code == 422
    assert client.get(negotiation.url, params={"draft": 9}).status_code == 404


def test_patch_changes_status_note_and_text(negotiation: Negotiation, client: TestClient) -> None:
    proposal = negotiation.propose(action="replace", find="Encourages", text="Urges").json()
    url = f"{negotiation.url}/{proposal['id']}"
    response = client.patch(url, json={"status": "rejected", "note": "Kept", "text": "Calls upon"})
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["note"], response.json()["text"]) == (
        "rejected",
        "Kept",
        "Calls upon",
    )
    assert client.patch(url, json={"status": "won"}).status_code == 422
    assert client.patch(url, json={"text": ""}).status_code == 422
    assert client.patch(f"{negotiation.url}/999999", json={"note": "x"}).status_code == 404


def test_patch_changes_only_the_fields_it_names_and_null_clears_a_note_or_text(
    negotiation: Negotiation, client: TestClient, db: Session
) -> None:
    proposal = negotiation.propose(action="delete", find="Encourages", note="EU wants it").json()
    url = f"{negotiation.url}/{proposal['id']}"
    kept = client.patch(url, json={"status": "rejected"}).json()
    assert (kept["status"], kept["note"], kept["text"]) == ("rejected", "EU wants it", None)
    cleared = client.patch(url, json={"note": None, "text": None})
    assert cleared.status_code == 200, cleared.text
    assert (cleared.json()["status"], cleared.json()["note"]) == ("rejected", "")
    assert client.patch(url, json={"status": None}).status_code == 422
    audited = db.scalars(
        select(AuditEntry.detail).where(AuditEntry.action == "proposal.update")
    ).all()
    assert [entry["fields"] for entry in audited] == [["status"], ["note", "text"]]


def test_a_viewer_may_list_but_not_propose(
    negotiation: Negotiation, app_client: TestClient, tokens: dict[str, str]
) -> None:
    viewer = {"Authorization": f"Bearer {tokens['viewer']}"}
    assert app_client.get(negotiation.url, headers=viewer).status_code == 200
    body = {"delegations": ["EU"], "lineage_id": negotiation.lineage["OP1"], "action": "insert"}
    assert app_client.post(negotiation.url, json=body, headers=viewer).status_code == 403


def test_a_pending_proposal_is_accepted_when_the_next_draft_carries_it_out(
    negotiation: Negotiation, client: TestClient
) -> None:
    accepted = negotiation.propose(action="replace", find="Encourages", text="Urges").json()
    partly = negotiation.propose(
        delegations=["UK"],
        lineage_id=negotiation.lineage["OP2"],
        action="replace",
        find="give serious consideration to",
        text="accept",
    ).json()
    ignored = negotiation.propose(
        delegations=["China"], lineage_id=negotiation.lineage["OP3"], action="delete-paragraph"
    ).json()
    rev1 = ZERO.replace("Encourages", "Urges").replace(
        "give serious consideration to", "respond favourably to"
    )
    negotiation.upload(rev1, "Rev.1")
    status = {p["id"]: p["status"] for p in client.get(negotiation.url).json()["items"]}
    assert status == {
        accepted["id"]: "accepted",
        partly["id"]: "partly-accepted",
        ignored["id"]: "pending",
    }


# Word files as proposals

DATE = "2026-11-28T10:00:00Z"
COMMENT = (
    f'<w:comment w:id="0" w:author="Chile" w:date="{DATE}">'
    "<w:p><w:r><w:t>Too broad?</w:t></w:r></w:p></w:comment>"
)


def word_file(eu: str = "European Union", mexico: str = "Mexico") -> bytes:
    """The zero draft with three tracked changes by the EU, Mexico and Brazil, and a comment."""
    body = (
        p("The Human Rights Council,")
        + p("Recalling its earlier resolutions on human rights defenders,")
        + p(
            "1. ",
            revision("del", r("Encourages", deleted=True), author=eu, rid=1),
            revision("ins", r("Urges"), author=eu, rid=2),
            " States to protect human rights defenders;",
        )
        + p(
            "2. Calls upon States to give serious consideration to ",
            '<w:commentRangeStart w:id="0"/>',
            revision("ins", r("all "), author=mexico, rid=3),
            '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>',
            "requests for visits;",
        )
        + p(
            revision("ins", r("2 bis. Calls upon States to release defenders;"), author="Brazil"),
            mark=f'<w:ins w:id="5" w:author="Brazil" w:date="{DATE}"/>',
        )
        + p("3. Decides to remain seized of the matter.")
    )
    return docx(body, comments=COMMENT)


def import_word(negotiation: Negotiation, raw: bytes, name: str = "eu.docx", **form: str) -> Any:
    """POST a Word file to the import endpoint."""
    files = {"file": (name, raw, "application/octet-stream")}
    return negotiation.client.post(f"{negotiation.url}/import", files=files, data=form)


def test_each_tracked_change_becomes_a_pending_proposal_by_its_author(
    negotiation: Negotiation,
) -> None:
    response = import_word(negotiation, word_file())
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["created"], body["skipped"]) == (3, [])
    found = [
        (
            [d["code"] for d in item["delegations"]],
            item["action"],
            item["target_label"] or item["after_label"],
            item["find"],
            item["text"],
            item["status"],
        )
        for item in body["items"]
    ]
    assert found == [
        (["EU"], "replace", "OP1", "Encourages", "Urges", "pending"),
        (["MEX"], "insert", "OP2", "give serious consideration to", "all ", "pending"),
        (
            ["BRA"],
            "new-paragraph",
            "OP2",
            None,
            "Calls upon States to release defenders;",
            "pending",
        ),
    ]
    assert body["items"][1]["note"] == "Chile: Too broad?"
    assert body["items"][0]["source"] == "eu.docx"


def test_importing_the_same_file_again_creates_no_duplicates(
    negotiation: Negotiation, client: TestClient
) -> None:
    raw = word_file()  # the builder stamps the time into the zip: build the bytes once
    first = import_word(negotiation, raw).json()
    again = import_word(negotiation, raw)
    assert again.status_code == 201 and again.json()["created"] == 0
    assert [i["id"] for i in again.json()["items"]] == [i["id"] for i in first["items"]]
    assert client.get(negotiation.url).json()["total"] == 3


def test_authors_that_name_no_delegation_need_the_delegation_field(
    negotiation: Negotiation,
) -> None:
    raw = word_file(eu="J. Smith", mexico="Mexico")
    refused = import_word(negotiation, raw)
    assert refused.status_code == 422
    assert "'J. Smith'" in refused.json()["detail"]
    given = import_word(negotiation, raw, delegation="Switzerland")
    assert given.status_code == 201, given.text
    assert {d["code"] for i in given.json()["items"] for d in i["delegations"]} == {"CHE"}


def test_only_word_files_are_imported(negotiation: Negotiation) -> None:
    response = import_word(negotiation, b"1. Urges States;", name="eu.txt")
    assert response.status_code == 422
    assert import_word(negotiation, b"not a zip", name="eu.docx").status_code == 422
