"""The sample negotiation's story, replayed by applying proposals instead of uploading.

The drafts up to a round's `to` draft are uploaded (to read what the penholder circulated);
a round of `sample_drafts/record.json` is posted as pending proposals against its `from` draft.
Applying the proposals the record marks `accepted` (new paragraphs the record numbers "bis"
asked for as bis) must give, on every paragraph such a proposal touched, the text of the
round's `to` draft, and the next draft's compare must name the proposals' delegations with
method `applied`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SAMPLES
from tests.services.test_sample_attribution import SLUG, post_round_proposals, upload

RECORD: dict[str, Any] = json.loads((SAMPLES / "record.json").read_text(encoding="utf-8"))


def load_story(client: TestClient, drafts: int) -> list[dict[str, Any]]:
    """Create the sample negotiation and upload its first `drafts` drafts."""
    meta = {k: RECORD["negotiation"][k] for k in ("slug", "title", "body", "session")}
    assert client.post("/api/v1/negotiations", json=meta).status_code == 201
    return [upload(client, entry) for entry in RECORD["drafts"][:drafts]]


def accepted_proposals(client: TestClient, seq: int) -> dict[int, dict[str, Any]]:
    """The pending proposals on draft `seq` that the record marks accepted, by id."""
    listed = client.get(f"/api/v1/negotiations/{SLUG}/proposals", params={"draft": seq}).json()
    accepted = {}
    for record_item, stored in zip(round_of(seq)["proposals"], listed["items"], strict=True):
        if record_item["status"] == "accepted":
            accepted[stored["id"]] = record_item
    return accepted


def round_of(seq: int) -> dict[str, Any]:
    """The record's round that starts from draft `seq`."""
    label = RECORD["drafts"][seq - 1]["label"]
    return next(r for r in RECORD["rounds"] if r["from"] == label)


@pytest.mark.parametrize("seq", [1, 2, 3, 4])
def test_applying_the_accepted_proposals_gives_the_next_drafts_paragraphs(
    client: TestClient, seq: int
) -> None:
    drafts = load_story(client, seq + 1)
    base, real = drafts[seq - 1], drafts[seq]
    post_round_proposals(client, base, round_of(seq))
    accepted = accepted_proposals(client, seq)
    bis = [pid for pid, item in accepted.items() if " bis" in (item.get("becomes") or "")]
    response = client.post(
        f"/api/v1/negotiations/{SLUG}/drafts/{seq}/next",
        json={"label": "Applied", "proposals": sorted(accepted), "bis": bis},
    )
    assert response.status_code == 201, response.text
    made = client.get(f"/api/v1/negotiations/{SLUG}/drafts/{response.json()['seq']}").json()
    by_lineage = {p["lineage_id"]: p for p in made["paragraphs"]}
    real_by_lineage = {p["lineage_id"]: p for p in real["paragraphs"]}
    real_texts = {p["text"] for p in real["paragraphs"]}
    base_lineage = {p["label"]: p["lineage_id"] for p in base["paragraphs"]}
    checked = 0
    for item in accepted.values():
        if item["action"] == "new-paragraph":
            assert " ".join(item["text"].split()) in {p["text"] for p in made["paragraphs"]}
            assert " ".join(item["text"].split()) in real_texts
            if " bis" in (item.get("becomes") or ""):
                labels = {p["label"] for p in made["paragraphs"]}
                assert item["becomes"] in labels
        elif item["action"] == "delete-paragraph":
            assert base_lineage[item["target"]] not in by_lineage
        else:
            lineage = base_lineage[item["target"]]
            assert by_lineage[lineage]["text"] == real_by_lineage[lineage]["text"], item
        checked += 1
    assert checked == len(accepted) >= 2


def test_the_next_drafts_compare_names_the_proposers_with_method_applied(
    client: TestClient,
) -> None:
    drafts = load_story(client, 2)
    post_round_proposals(client, drafts[0], round_of(1))
    accepted = accepted_proposals(client, 1)
    made = client.post(
        f"/api/v1/negotiations/{SLUG}/drafts/1/next",
        json={"label": "Applied", "proposals": sorted(accepted)},
    ).json()
    compare = client.get(
        f"/api/v1/negotiations/{SLUG}/compare", params={"from": 1, "to": made["seq"]}
    ).json()
    named: dict[int, set[str]] = {}
    for change in compare["changes"]:
        for a in change["attributions"] + [a for h in change["hunks"] for a in h["attributions"]]:
            assert a["method"] == "applied" and a["confidence"] == 1
            named.setdefault(a["proposal_id"], set()).update(d["code"] for d in a["delegations"])
    assert set(named) == set(accepted)
    stored = client.get(f"/api/v1/negotiations/{SLUG}/proposals", params={"draft": 1}).json()
    for proposal in stored["items"]:
        if proposal["id"] in accepted:
            assert proposal["status"] == "accepted"
            assert named[proposal["id"]] == {d["code"] for d in proposal["delegations"]}
