"""The next draft from proposals over the API: applied, previewed, refused; collisions."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_proposals_api import Negotiation


class Applying(Negotiation):
    """The proposals tests' negotiation and zero draft, with helpers to propose and apply."""

    @property
    def home(self) -> str:
        """The negotiation's URL."""
        return f"/api/v1/negotiations/{self.slug}"

    def offer(self, delegation: str, **fields: Any) -> int:
        """Record a pending proposal (`target`, `after` by label); its id."""
        target = fields.pop("target", None)
        after = fields.pop("after", None)
        body = {
            "delegations": [delegation],
            "lineage_id": self.lineage[target] if target else None,
            "after_lineage_id": self.lineage[after] if after else None,
            **fields,
        }
        response = self.client.post(self.url, json=body)
        assert response.status_code == 201, response.text
        proposal_id: int = response.json()["id"]
        return proposal_id

    def next(self, **body: Any) -> Any:
        """POST …/drafts/1/next."""
        return self.client.post(f"{self.home}/drafts/1/next", json={"label": "Rev.1", **body})

    def drafts(self) -> list[dict[str, Any]]:
        """The stored drafts."""
        items: list[dict[str, Any]] = self.client.get(f"{self.home}/drafts").json()["items"]
        return items


@pytest.fixture
def negotiation(client: TestClient) -> Applying:
    return Applying(client)


def test_the_next_draft_is_stored_with_the_proposals_applied_and_them_accepted(
    negotiation: Applying,
) -> None:
    urges = negotiation.offer("EU", target="OP1", action="replace", find="Encourages", text="Urges")
    new = negotiation.offer(
        "Mexico", after="OP1", action="new-paragraph", text="Also urges States to act;"
    )
    response = negotiation.next(proposals=[urges, new])
    assert response.status_code == 201, response.text
    made = response.json()
    assert made["seq"] == 2 and made["dry_run"] is False
    stored = negotiation.client.get(f"{negotiation.home}/drafts/2").json()
    assert [p["label"] for p in stored["paragraphs"]][-4:] == ["OP1", "OP2", "OP3", "OP4"]
    assert stored["paragraphs"][-4]["text"].startswith("Urges States")
    assert stored["paragraphs"][-3]["text"] == "Also urges States to act;"
    assert stored["based_on"] == 1 and stored["media_type"] == "text/plain"
    statuses = {
        p["id"]: p["status"] for p in negotiation.client.get(negotiation.url).json()["items"]
    }
    assert statuses == {urges: "accepted", new: "accepted"}


def test_the_stored_source_is_the_clean_text_of_the_new_draft(negotiation: Applying) -> None:
    urges = negotiation.offer("EU", target="OP1", action="replace", find="Encourages", text="Urges")
    negotiation.next(proposals=[urges])
    source = negotiation.client.get(f"{negotiation.home}/drafts/2/source")
    assert source.status_code == 200
    assert "1. Urges States to protect human rights defenders;" in source.text
    assert source.headers["content-type"].startswith("text/plain")


def test_a_dry_run_answers_the_paragraphs_and_stores_nothing(negotiation: Applying) -> None:
    urges = negotiation.offer("EU", target="OP1", action="replace", find="Encourages", text="Urges")
    response = negotiation.next(proposals=[urges], dry_run=True)
    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["dry_run"] is True and preview["seq"] is None
    op1 = next(p for p in preview["paragraphs"] if p["label"] == "OP1")
    assert op1["text"].startswith("Urges States") and op1["proposals"] == [urges]
    assert len(negotiation.drafts()) == 1
    statuses = [p["status"] for p in negotiation.client.get(negotiation.url).json()["items"]]
    assert statuses == ["pending"]


def test_a_new_paragraph_asked_for_as_bis_is_numbered_bis_and_moves_nothing(
    negotiation: Applying,
) -> None:
    new = negotiation.offer(
        "Mexico", after="OP1", action="new-paragraph", text="Also urges States to act;"
    )
    preview = negotiation.next(proposals=[new], bis=[new], dry_run=True).json()
    labels = [p["label"] for p in preview["paragraphs"] if p["kind"] == "operative"]
    assert labels == ["OP1", "OP1 bis", "OP2", "OP3"]


def test_two_colliding_proposals_are_refused_with_409_naming_both(
    negotiation: Applying,
) -> None:
    first = negotiation.offer(
        "EU", target="OP1", action="replace", find="Encourages States", text="Urges States"
    )
    second = negotiation.offer(
        "China", target="OP1", action="replace", find="Encourages", text="Invites"
    )
    response = negotiation.next(proposals=[first, second])
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert f"{first} and {second}" in response.json()["detail"]
    assert len(negotiation.drafts()) == 1


def test_colliding_proposals_apply_in_the_order_given(negotiation: Applying) -> None:
    first = negotiation.offer(
        "EU",
        target="OP2",
        action="replace",
        find="give serious consideration to",
        text="give serious and prompt consideration to",
    )
    second = negotiation.offer("UK", target="OP2", action="replace", find="serious", text="due")
    response = negotiation.next(proposals=[first, second], order=[first, second])
    assert response.status_code == 201, response.text
    op2 = next(p for p in response.json()["paragraphs"] if p["label"] == "OP2")
    assert "to give due and prompt consideration to requests" in op2["text"]
    assert response.json()["collisions"][0]["proposals"] == [first, second]


def test_a_proposal_whose_words_are_gone_is_refused_with_422_naming_it(
    negotiation: Applying,
) -> None:
    urges = negotiation.offer("EU", target="OP1", action="replace", find="Encourages", text="Urges")
    negotiation.next(proposals=[urges])
    stale = negotiation.offer("China", target="OP1", action="delete", find="protect", draft=1)
    response = negotiation.client.post(
        f"{negotiation.home}/drafts/2/next",
        json={"label": "Rev.2", "proposals": [stale]},
    )
    assert response.status_code == 201  # "protect" is still in OP1 of draft 2
    gone = negotiation.offer(
        "Cuba", target="OP1", action="replace", find="Encourages", text="Invites", draft=1
    )
    response = negotiation.client.post(
        f"{negotiation.home}/drafts/3/next", json={"label": "Rev.3", "proposals": [gone]}
    )
    assert response.status_code == 422
    assert f"Proposal {gone}" in response.json()["detail"]
    assert "Encourages" in response.json()["detail"]
    assert len(negotiation.drafts()) == 3


def test_only_pending_proposals_of_the_negotiation_are_applied(negotiation: Applying) -> None:
    urges = negotiation.offer("EU", target="OP1", action="replace", find="Encourages", text="Urges")
    negotiation.client.patch(f"{negotiation.url}/{urges}", json={"status": "rejected"})
    refused = negotiation.next(proposals=[urges])
    assert refused.status_code == 422 and "rejected" in refused.json()["detail"]
    unknown = negotiation.next(proposals=[999_999])
    assert unknown.status_code == 422 and "999999" in unknown.json()["detail"]
    assert negotiation.next(proposals=[2**63]).status_code == 422
    assert len(negotiation.drafts()) == 1


def test_collisions_are_listed_with_their_paragraph_and_words(negotiation: Applying) -> None:
    first = negotiation.offer(
        "EU", target="OP2", action="replace", find="serious consideration", text="priority"
    )
    second = negotiation.offer(
        "UK", target="OP2", action="replace", find="give serious", text="accord"
    )
    third = negotiation.offer("Egypt", target="OP2", action="delete-paragraph")
    negotiation.offer("Chile", target="OP1", action="delete", find="human rights")
    listed = negotiation.client.get(f"{negotiation.home}/collisions", params={"draft": 1}).json()
    assert listed["total"] == 3
    assert listed["items"][0] == {
        "proposals": [first, second],
        "lineage_id": negotiation.lineage["OP2"],
        "label": "OP2",
        "words": "serious",
    }
    assert {tuple(c["proposals"]) for c in listed["items"]} == {
        (first, second),
        (first, third),
        (second, third),
    }
    proposals = negotiation.client.get(negotiation.url).json()["items"]
    assert {p["id"]: p["collides_with"] for p in proposals}[first] == [second, third]
    assert proposals[-1]["collides_with"] == []


def test_the_compilation_text_marks_colliding_proposals(negotiation: Applying) -> None:
    first = negotiation.offer(
        "EU", target="OP2", action="replace", find="serious consideration", text="priority"
    )
    negotiation.offer("China", target="OP2", action="replace", find="give serious", text="x")
    raw = negotiation.client.get(f"{negotiation.home}/drafts/1/compilation.docx").content
    document = zipfile.ZipFile(io.BytesIO(raw)).read("word/document.xml").decode()
    assert f"Collides with proposal {first} [European Union]." in document
