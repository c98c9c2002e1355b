"""Negotiations over the API: create, list with paging and search, read, update, auth."""

from __future__ import annotations

from fastapi.testclient import TestClient

NEW = {"title": "Human rights defenders", "body": "HRC", "session": "58", "penholders": ["Norway"]}


def test_health_answers_without_a_token(app_client: TestClient) -> None:
    response = app_client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_created_negotiation_gets_a_readable_slug(client: TestClient) -> None:
    response = client.post("/api/v1/negotiations", json=NEW)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["slug"] == "human-rights-defenders-hrc58"
    assert body["penholders"] == ["Norway"]
    assert body["status"] == "informals"
    assert body["draft_count"] == 0 and body["latest_draft"] is None


def test_a_second_negotiation_with_the_same_title_gets_another_slug(client: TestClient) -> None:
    first = client.post("/api/v1/negotiations", json=NEW).json()["slug"]
    second = client.post("/api/v1/negotiations", json=NEW).json()["slug"]
    assert first != second and second.startswith(first)


def test_an_explicit_slug_that_is_taken_is_a_conflict(client: TestClient) -> None:
    assert client.post("/api/v1/negotiations", json={**NEW, "slug": "hrd"}).status_code == 201
    response = client.post("/api/v1/negotiations", json={**NEW, "slug": "hrd"})
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_malformed_slug_is_refused(client: TestClient) -> None:
    response = client.post("/api/v1/negotiations", json={**NEW, "slug": "Not a slug/.."})
    assert response.status_code == 422


def test_list_pages_and_searches(client: TestClient) -> None:
    for title in ("Human rights defenders", "Freedom of expression", "Right to food"):
        client.post("/api/v1/negotiations", json={**NEW, "title": title})
    page = client.get("/api/v1/negotiations", params={"limit": 2, "offset": 0}).json()
    assert page["total"] >= 3 and len(page["items"]) == 2
    found = client.get("/api/v1/negotiations", params={"q": "food"}).json()
    assert [n["title"] for n in found["items"]] == ["Right to food"]


def test_update_changes_status_and_refuses_unknown_status(client: TestClient) -> None:
    slug = client.post("/api/v1/negotiations", json=NEW).json()["slug"]
    response = client.patch(f"/api/v1/negotiations/{slug}", json={"status": "tabled"})
    assert response.status_code == 200 and response.json()["status"] == "tabled"
    assert client.patch(f"/api/v1/negotiations/{slug}", json={"status": "won"}).status_code == 422


def test_unknown_fields_are_refused(client: TestClient) -> None:
    response = client.post("/api/v1/negotiations", json={**NEW, "colour": "blue"})
    assert response.status_code == 422
    assert "colour" in response.json()["detail"]


def test_unknown_negotiation_is_404_problem(client: TestClient) -> None:
    response = client.get("/api/v1/negotiations/nothing-here")
    assert response.status_code == 404
    problem = response.json()
    assert problem["status"] == 404 and "nothing-here" in problem["detail"]


def test_no_token_is_401_and_bad_token_is_401(app_client: TestClient) -> None:
    assert app_client.get("/api/v1/negotiations").status_code == 401
    bad = app_client.get("/api/v1/negotiations", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    assert bad.headers["content-type"].startswith("application/problem+json")


def test_a_viewer_may_read_but_not_write(app_client: TestClient, tokens: dict[str, str]) -> None:
    viewer = {"Authorization": f"Bearer {tokens['viewer']}"}
    assert app_client.get("/api/v1/negotiations", headers=viewer).status_code == 200
    response = app_client.post("/api/v1/negotiations", json=NEW, headers=viewer)
    assert response.status_code == 403
