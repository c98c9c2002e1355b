"""The library over the API: import, list, read, search, precedents, agreed language in compare."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.rows import row_counts
from tests.conftest import SAMPLES

LIBRARY = SAMPLES / "library"
MANIFEST = {e["file"]: e for e in json.loads((LIBRARY / "manifest.json").read_text())}
DRAFTS = ["01-zero-draft.txt", "02-rev1.txt", "03-rev2.txt"]


def post_resolution(client: TestClient, name: str, raw: bytes | None = None, **fields: str) -> Any:
    return client.post(
        "/api/v1/library/documents",
        data=fields,
        files={
            "file": (name, raw if raw is not None else (LIBRARY / name).read_bytes(), "text/plain")
        },
    )


@pytest.fixture
def library(client: TestClient) -> dict[str, int]:
    """The demo library imported over the API, each with its manifest's facts: symbol -> id."""
    ids = {}
    for name, entry in MANIFEST.items():
        fields = {k: str(entry[k]) for k in ("symbol", "title", "adopted_on") if entry.get(k)}
        answer = post_resolution(client, name, **fields)
        assert answer.status_code == 201, answer.text
        ids[entry["symbol"]] = answer.json()["document"]["id"]
    return ids


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


def test_an_imported_resolution_is_listed_and_read_with_its_paragraphs(
    client: TestClient, library: dict[str, int]
) -> None:
    listed = client.get("/api/v1/library/documents").json()
    assert listed["total"] == 3
    assert [d["symbol"] for d in listed["items"]] == [
        "A/HRC/RES/55/12",
        "A/RES/78/190",
        "A/HRC/RES/52/31",
    ]  # newest first
    one = client.get(f"/api/v1/library/documents/{library['A/HRC/RES/55/12']}").json()
    assert (one["body"], one["session"], one["adopted_on"]) == ("HRC", 55, "2024-04-04")
    assert one["adoption"] == "Adopted without a vote."
    labels = [p["label"] for p in one["paragraphs"] if p["label"]]
    assert labels == ["PP1", "PP2", "PP3", "PP4", "OP1", "OP2", "OP3", "OP4", "OP5", "OP6", "OP7"]
    only_ga = client.get("/api/v1/library/documents", params={"body": "GA"}).json()
    assert [d["symbol"] for d in only_ga["items"]] == ["A/RES/78/190"]
    in_2023 = client.get(
        "/api/v1/library/documents", params={"from": "2023-01-01", "to": "2023-12-31"}
    ).json()
    assert in_2023["total"] == 2


def test_the_same_resolution_again_changes_nothing(
    client: TestClient, library: dict[str, int], db: Session
) -> None:
    before = row_counts(db)
    again = post_resolution(client, "A-HRC-RES-55-12.txt", title="Human rights defenders")
    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    assert row_counts(db) == before


def test_other_content_for_a_known_symbol_needs_replace(
    client: TestClient, library: dict[str, int], db: Session
) -> None:
    changed = (LIBRARY / "A-HRC-RES-55-12.txt").read_bytes().replace(b"promptly", b"swiftly")
    before = row_counts(db)
    refused = post_resolution(client, "55-12.txt", changed, title="Human rights defenders")
    assert refused.status_code == 409
    assert "replace" in refused.json()["detail"]
    assert row_counts(db) == before
    replaced = post_resolution(
        client, "55-12.txt", changed, title="Human rights defenders", replace="true"
    )
    assert replaced.status_code == 201 and replaced.json()["outcome"] == "replaced"
    after = row_counts(db)
    assert after.pop("audit_log") == before.pop("audit_log") + 1
    assert after == before
    found = client.get("/api/v1/library/search", params={"q": "investigated swiftly"}).json()
    assert [i["symbol"] for i in found["items"]] == ["A/HRC/RES/55/12"]
    gone = client.get("/api/v1/library/search", params={"q": "investigated promptly and"}).json()
    assert gone["total"] == 0


@pytest.mark.parametrize(
    ("raw", "fields", "says"),
    [
        (b"Minutes of the meeting.\n\nNothing was decided.\n", {}, "No resolution paragraphs"),
        (b"\x00\x01binary", {}, "binary"),
        (None, {"symbol": "A/HRC/58/L.22"}, "not a resolution symbol"),
        (None, {"adopted_on": "yesterday"}, "not a date"),
    ],
)
def test_a_file_that_is_not_a_resolution_is_refused_and_nothing_is_stored(
    client: TestClient, db: Session, raw: bytes | None, fields: dict[str, str], says: str
) -> None:
    before = row_counts(db)
    answer = post_resolution(client, "A-HRC-RES-55-12.txt", raw, **fields)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert says in answer.json()["detail"]
    assert row_counts(db) == before


def test_a_viewer_cannot_import(app_client: TestClient, tokens: dict[str, str]) -> None:
    app_client.headers["Authorization"] = f"Bearer {tokens['viewer']}"
    assert post_resolution(app_client, "A-RES-78-190.txt").status_code == 403


def test_phrase_finds_the_exact_words_whatever_the_case_and_punctuation(
    client: TestClient, library: dict[str, int]
) -> None:
    q = "IN CONSULTATION with States; and other relevant stakeholders"
    found = client.get("/api/v1/library/search", params={"q": q, "mode": "phrase"}).json()
    assert found["total"] == 2
    first = found["items"][0]
    assert (first["symbol"], first["label"]) == ("A/RES/78/190", "OP2")  # the newer first
    start, end = first["highlights"][0]
    assert first["text"][start:end] == "in consultation with States and other relevant stakeholders"
    reordered = "stakeholders relevant other and States with consultation in"
    assert client.get("/api/v1/library/search", params={"q": reordered}).json()["total"] == 0


def test_words_finds_all_the_words_in_any_order(
    client: TestClient, library: dict[str, int]
) -> None:
    params = {"q": "stakeholders consultation environment", "mode": "words"}
    found = client.get("/api/v1/library/search", params=params).json()
    assert [(i["symbol"], i["label"]) for i in found["items"]] == [("A/HRC/RES/52/31", "OP2")]
    assert len(found["items"][0]["highlights"]) == 3


def test_similar_finds_the_closest_paragraph_when_words_differ(
    client: TestClient, library: dict[str, int]
) -> None:
    q = (
        "Urges States to ensure that all attacks and threats against human rights defenders "
        "are investigated promptly, thoroughly and impartially"
    )
    found = client.get("/api/v1/library/search", params={"q": q, "mode": "similar"}).json()
    best = found["items"][0]
    assert (best["symbol"], best["label"]) == ("A/HRC/RES/55/12", "OP3")
    assert 0 < best["score"] < 1
    scores = [i["score"] for i in found["items"]]
    assert scores == sorted(scores, reverse=True)


def test_a_search_without_words_is_refused(client: TestClient) -> None:
    answer = client.get("/api/v1/library/search", params={"q": ";;"})
    assert answer.status_code == 422


def test_a_draft_paragraph_shows_its_precedents_with_a_word_diff(
    client: TestClient, library: dict[str, int], slug: str
) -> None:
    draft = client.get(f"/api/v1/negotiations/{slug}/drafts/1").json()
    op4 = next(p for p in draft["paragraphs"] if p["label"] == "OP4")
    found = client.get(
        f"/api/v1/negotiations/{slug}/drafts/1/paragraphs/{op4['id']}/precedents"
    ).json()
    first = found["items"][0]
    assert (first["symbol"], first["label"]) == ("A/HRC/RES/55/12", "OP3")
    inserted = "".join(o["text"] for o in first["ops"] if o["op"] == "insert")
    assert "thoroughly, independently" in inserted
    rebuilt = "".join(o["text"] for o in first["ops"] if o["op"] != "delete")
    assert rebuilt == op4["text"]


def test_precedents_of_a_paragraph_of_another_draft_are_not_found(
    client: TestClient, slug: str
) -> None:
    other = client.get(f"/api/v1/negotiations/{slug}/drafts/2").json()["paragraphs"][0]["id"]
    answer = client.get(f"/api/v1/negotiations/{slug}/drafts/1/paragraphs/{other}/precedents")
    assert answer.status_code == 404


def hunks_with(found: dict[str, Any], words: str) -> list[dict[str, Any]]:
    return [h for c in found["changes"] for h in c["hunks"] if words in h["insert"]]


def test_compare_with_precedents_marks_long_insertions_agreed_or_new(
    client: TestClient, library: dict[str, int], slug: str
) -> None:
    url = f"/api/v1/negotiations/{slug}/compare"
    found = client.get(url, params={"from": 2, "to": 3, "precedents": "true"}).json()
    [agreed] = hunks_with(found, "in accordance with their obligations under international law")
    assert agreed["agreed"] == [
        {"symbol": "A/HRC/RES/55/12", "label": "OP4", "adopted_on": "2024-04-04"}
    ]
    [new] = hunks_with(found, "as criminal or as a threat to national security")
    assert new["agreed"] == []
    [short] = hunks_with(found, "within existing resources")
    assert "agreed" not in short  # three words: not looked up


def test_compare_without_precedents_is_unchanged(
    client: TestClient, library: dict[str, int], slug: str
) -> None:
    url = f"/api/v1/negotiations/{slug}/compare"
    plain = client.get(url, params={"from": 1, "to": 3})
    assert "agreed" not in plain.text
    with_agreed = client.get(url, params={"from": 1, "to": 3, "precedents": "true"}).json()
    for change in with_agreed["changes"]:
        for hunk in change["hunks"]:
            hunk.pop("agreed", None)
    assert with_agreed == plain.json()
