"""Bounded work per request: caps named in each refusal, a time budget, and list queries that
are never a 500 (hypothesis over the list routes' query strings), on SQLite and PostgreSQL."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.api.paging import MAX_OFFSET
from app.core.parsing.limits import MAX_LINES
from app.main import create_app
from app.settings import Settings
from tests.api.rows import row_counts
from tests.robustness.hostile import hostile_texts, long_paragraph_draft
from tests.robustness.test_bad_input import SHORT, assert_refused, upload

LIST_ROUTES = (
    "/api/v1/negotiations",
    "/api/v1/negotiations/{slug}/drafts",
    "/api/v1/negotiations/{slug}/proposals",
    "/api/v1/negotiations/{slug}/collisions",
    "/api/v1/delegations",
    "/api/v1/library/documents",
    "/api/v1/library/search?q=rights",
)
REFUSALS = {
    "two million one-word lines (20 MB)": f"at most {MAX_LINES:,} lines",
    "60,000 paragraphs, no formula": "paragraphs per draft",
    "a paragraph over 20,000 characters": "stores paragraphs of at most 20,000 characters",
}


@pytest.fixture
def slug(client: TestClient) -> str:
    """A negotiation of the test's own, with one draft."""
    created = client.post("/api/v1/negotiations", json={"title": "Bounded", "body": "HRC"})
    assert created.status_code == 201, created.text
    slug = str(created.json()["slug"])
    assert upload(client, slug, SHORT.encode()).status_code == 201
    return slug


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_a_hostile_text_is_refused_with_413_naming_the_limit_and_stores_nothing(
    client: TestClient, db: Session, slug: str, name: str
) -> None:
    before = row_counts(db)
    assert_refused(upload(client, slug, hostile_texts()[name]), 413, REFUSALS[name])
    assert row_counts(db) == before


def test_long_paragraphs_edited_are_stored_as_modified(client: TestClient, slug: str) -> None:
    base = long_paragraph_draft(paragraphs=3)
    first = client.post(f"/api/v1/negotiations/{slug}/drafts", json={"label": "L", "text": base})
    assert first.status_code == 201, first.text[:300]
    revised = base.replace(" rights ", " freedoms ", 1)
    second = client.post(
        f"/api/v1/negotiations/{slug}/drafts", json={"label": "L2", "text": revised}
    )
    assert second.status_code == 201, second.text[:300]
    summary = second.json()["summary"]
    assert summary["modified"] == 1 and summary["added"] == summary["deleted"] == 0
    assert summary["words_inserted"] == summary["words_deleted"] == 1


def test_an_upload_over_its_time_budget_is_refused_and_the_next_one_is_stored(
    db: Session, database_url: str, client: TestClient, slug: str
) -> None:
    tight = create_app(Settings(database_url=database_url, upload_budget_s=0.000_001))
    tight.dependency_overrides = client.app.dependency_overrides  # type: ignore[attr-defined]
    before = row_counts(db)
    with TestClient(tight, raise_server_exceptions=False) as hurried:
        hurried.headers.update(client.headers)
        refused = upload(hurried, slug, SHORT.encode())
    assert_refused(refused, 413, "took more than 1e-06 seconds to process")
    assert row_counts(db) == before
    assert upload(client, slug, SHORT.replace("protect", "shield").encode()).status_code == 201


@pytest.mark.parametrize("route", LIST_ROUTES)
@pytest.mark.parametrize(
    "query", [f"offset={2**63}", f"offset={MAX_OFFSET + 1}", "offset=-1", f"limit={2**63}"]
)
def test_huge_offsets_and_limits_are_422_naming_the_parameter(
    client: TestClient, slug: str, route: str, query: str
) -> None:
    response = client.get(with_query(route.format(slug=slug), query))
    assert_refused(response, 422, query.split("=")[0])


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_the_largest_offset_answers_an_empty_page(
    client: TestClient, slug: str, route: str
) -> None:
    response = client.get(with_query(route.format(slug=slug), f"offset={MAX_OFFSET}"))
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []


QUERY_NAMES = st.sampled_from(
    ["limit", "offset", "q", "draft", "status", "delegation", "mode", "scope", "x"]
)
QUERY_VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30),
    st.sampled_from(["", "NaN", "1e400", "0x10", " 1", "١٢", "%00", "\u202e"]),
)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    route=st.sampled_from(LIST_ROUTES),
    pairs=st.lists(st.tuples(QUERY_NAMES, QUERY_VALUES), max_size=4),
)
def test_no_query_string_on_a_list_route_is_ever_a_500(
    client: TestClient, slug: str, route: str, pairs: list[tuple[str, str]]
) -> None:
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in pairs)
    response = client.get(with_query(route.format(slug=slug), query))
    assert response.status_code in (200, 422), (query, response.text[:300])
    if response.status_code == 422:
        assert response.headers["content-type"].startswith("application/problem+json")


def with_query(path: str, query: str) -> str:
    """`path` with `query` added to the query it may already have."""
    return f"{path}{'&' if '?' in path else '?'}{query}" if query else path
