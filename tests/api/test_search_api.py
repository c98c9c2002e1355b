"""Find anything: the paragraphs of every draft by their words or their label."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.test_draft_corrections import DRAFTS, upload


@pytest.fixture
def slug(client: TestClient) -> str:
    slug = client.post("/api/v1/negotiations", json={"title": "HRD", "body": "HRC"}).json()["slug"]
    for k, name in enumerate(DRAFTS):
        assert upload(client, slug, name, f"D{k + 1}").status_code == 201
    return str(slug)


def search(client: TestClient, slug: str, q: str) -> dict:
    found = client.get(f"/api/v1/negotiations/{slug}/search", params={"q": q})
    assert found.status_code == 200, found.text
    return dict(found.json())


def test_words_are_found_in_every_draft_with_the_draft_and_label(
    client: TestClient, slug: str
) -> None:
    found = search(client, slug, "Strategic LAWSUITS")
    assert found["total"] >= 3
    drafts = {item["draft_label"] for item in found["items"]}
    assert drafts == {"D1", "D2", "D3"}
    assert all("strategic lawsuits" in item["text"].lower() for item in found["items"])
    assert [i["draft_seq"] for i in found["items"]] == sorted(
        (i["draft_seq"] for i in found["items"]), reverse=True
    )


def test_a_label_is_found_whatever_its_spacing_and_comes_first(
    client: TestClient, slug: str
) -> None:
    found = search(client, slug, "op 12")
    first = found["items"][0]
    assert first["label"] == "OP12" and first["draft_seq"] == 3
    assert {i["draft_seq"] for i in found["items"] if i["label"] == "OP12"} == {1, 2, 3}


def test_percent_and_underscore_are_searched_as_themselves(client: TestClient, slug: str) -> None:
    assert search(client, slug, "%")["total"] == 0
    assert search(client, slug, "_")["total"] == 0


def test_a_blank_query_is_refused_in_plain_words(client: TestClient, slug: str) -> None:
    refused = client.get(f"/api/v1/negotiations/{slug}/search", params={"q": "   "})
    assert refused.status_code == 422 and "label such as OP12" in refused.json()["detail"]
