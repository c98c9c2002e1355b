"""Editorial or substantive over the API: compare's changes and hunks, lead shifts, the map."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

ZERO = (
    "The General Assembly,\n\n"
    "Recalling the obligations of States parties to the Covenant,\n\n"
    "1. Encourages States to protect human rights defenders;\n\n"
    "2. Decides to remain seized of the matter.\n"
)
REV = (
    "The General Assembly,\n\n"
    "Recalling the obligations of States Parties to the Covenant,\n\n"
    "1. Urges States to protect human rights defenders;\n\n"
    "2. Decides to remain seized of the matter.\n"
)
CHANGE_FIELDS = {
    "change_id",
    "lineage_id",
    "kind",
    "moved",
    "modified",
    "from",
    "to",
    "ops",
    "hunks",
    "attributions",
    "words_inserted",
    "words_deleted",
}
HUNK_FIELDS = {"index", "delete", "insert", "old_start", "old_end", "new_start", "new_end"}


@pytest.fixture
def slug(client: TestClient) -> str:
    created = client.post("/api/v1/negotiations", json={"title": "Nature", "body": "GA"})
    slug: str = created.json()["slug"]
    for label, text in (("Zero", ZERO), ("Rev.1", REV)):
        response = client.post(
            f"/api/v1/negotiations/{slug}/drafts", json={"label": label, "text": text}
        )
        assert response.status_code == 201, response.text
    return slug


def changes_by_label(client: TestClient, slug: str) -> dict[str, dict[str, Any]]:
    compare = client.get(f"/api/v1/negotiations/{slug}/compare", params={"from": 1, "to": 2})
    return {c["to"]["label"]: c for c in compare.json()["changes"]}


def test_a_change_of_case_only_is_editorial_and_a_new_verb_substantive(
    client: TestClient, slug: str
) -> None:
    changes = changes_by_label(client, slug)
    assert changes["PP1"]["nature"] == "editorial"
    assert [h["nature"] for h in changes["PP1"]["hunks"]] == ["editorial"]
    assert changes["OP1"]["nature"] == "substantive"
    assert changes["OP2"]["nature"] == "editorial"  # unchanged: nothing substantive happened


def test_a_stronger_lead_verb_carries_its_shift(client: TestClient, slug: str) -> None:
    hunk = changes_by_label(client, slug)["OP1"]["hunks"][0]
    assert hunk["shift"] == {"from": "encourages", "to": "urges", "direction": "stronger"}
    assert changes_by_label(client, slug)["PP1"]["hunks"][0]["shift"] is None


def test_compare_adds_nature_and_shift_and_keeps_every_other_field(
    client: TestClient, slug: str
) -> None:
    for change in changes_by_label(client, slug).values():
        assert set(change) == CHANGE_FIELDS | {"nature"}
        for hunk in change["hunks"]:
            assert set(hunk) == HUNK_FIELDS | {"attributions", "nature", "shift"}


def test_the_map_counts_only_substantive_changes_unless_asked_for_all(
    client: TestClient, slug: str
) -> None:
    def cells(query: dict[str, str]) -> dict[str, dict[str, Any]]:
        answer = client.get(f"/api/v1/negotiations/{slug}/map", params=query).json()
        return {row["label"]: row["cells"][1] for row in answer["rows"]}

    default = cells({})
    assert default["PP1"] == {
        "seq": 2,
        "label": "PP1",
        "change": "unchanged",
        "nature": "editorial",
    }
    assert default["OP1"]["change"] == "modified"
    assert cells({"nature": "all"})["PP1"]["change"] == "modified"
    assert client.get(f"/api/v1/negotiations/{slug}/map", params={"nature": "x"}).status_code == 422


def test_history_hunks_carry_their_nature(client: TestClient, slug: str) -> None:
    lineage = changes_by_label(client, slug)["OP1"]["lineage_id"]
    history = client.get(f"/api/v1/negotiations/{slug}/paragraphs/{lineage}/history").json()
    hunks = history["entries"][-1]["hunks"]
    assert [(h["nature"], h["shift"]["direction"]) for h in hunks] == [("substantive", "stronger")]
