"""The delegation registry over the API: seeded by the migration, searched, extended by admins."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from app.data import load_delegations
from app.db.migrate import downgrade_database, upgrade_database
from app.db.models import AuditEntry, Delegation

URL = "/api/v1/delegations"
CORE_GROUP = {
    "code": "CORE-HRD",
    "name": "Core group on human rights defenders",
    "aliases": ["HRD core group"],
    "members": ["NOR", "Ireland", "Czechia", "Ghana", "Mexico", "Russia"],
}


def as_admin(client: TestClient, tokens: dict[str, str]) -> dict[str, str]:
    """Headers for an admin request."""
    return {"Authorization": f"Bearer {tokens['admin']}"}


def test_the_migration_seeds_every_delegation_of_the_shipped_data(client: TestClient) -> None:
    page = client.get(URL, params={"limit": 500}).json()
    assert page["total"] == len(load_delegations()) == len(page["items"])
    eu = next(item for item in page["items"] if item["code"] == "EU")
    assert eu["name"] == "European Union" and eu["kind"] == "group" and "FRA" in eu["members"]


def test_search_finds_a_delegation_by_alias_code_or_part_of_its_name(client: TestClient) -> None:
    assert client.get(URL, params={"q": "Russia"}).json()["items"][0]["code"] == "RUS"
    assert client.get(URL, params={"q": "OIC"}).json()["items"][0]["code"] == "OIC"
    found = client.get(URL, params={"q": "iran"}).json()
    assert found["items"][0]["name"] == "Iran (Islamic Republic of)"
    assert found["total"] == len(found["items"])


def test_the_registry_pages_with_limit_and_offset(client: TestClient) -> None:
    first = client.get(URL, params={"limit": 3, "offset": 0}).json()
    second = client.get(URL, params={"limit": 3, "offset": 3}).json()
    assert len(first["items"]) == len(second["items"]) == 3
    assert first["total"] == second["total"]
    assert {d["code"] for d in first["items"]}.isdisjoint({d["code"] for d in second["items"]})


def test_a_viewer_may_read_and_nobody_without_a_token(
    app_client: TestClient, tokens: dict[str, str]
) -> None:
    viewer = {"Authorization": f"Bearer {tokens['viewer']}"}
    assert app_client.get(URL, headers=viewer).status_code == 200
    assert app_client.get(URL).status_code == 401


def test_an_admin_adds_a_core_group_with_members_by_code_name_or_alias(
    client: TestClient, tokens: dict[str, str], db: Session
) -> None:
    response = client.post(URL, json=CORE_GROUP, headers=as_admin(client, tokens))
    assert response.status_code == 201, response.text
    assert response.json() == {
        "code": "CORE-HRD",
        "name": "Core group on human rights defenders",
        "kind": "group",
        "aliases": ["HRD core group"],
        "members": ["NOR", "IRL", "CZE", "GHA", "MEX", "RUS"],
    }
    assert client.get(URL, params={"q": "hrd core"}).json()["items"][0]["code"] == "CORE-HRD"
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "delegation.create")).all()
    assert [(a.actor, a.target) for a in audit] == [("test-admin", "CORE-HRD")]


def test_an_editor_may_add_an_ad_hoc_group_but_only_an_admin_a_state(client: TestClient) -> None:
    assert client.post(URL, json=CORE_GROUP).status_code == 201
    state = {"code": "ZZX", "name": "Utopia", "kind": "member-state"}
    refused = client.post(URL, json=state)
    assert refused.status_code == 403 and "admin role" in refused.json()["detail"]


def test_a_taken_code_is_a_conflict(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post(URL, json={**CORE_GROUP, "code": "EU"}, headers=as_admin(client, tokens))
    assert response.status_code == 409
    assert "European Union" in response.json()["detail"]


def test_a_name_or_alias_that_already_means_another_delegation_is_a_conflict(
    client: TestClient, tokens: dict[str, str]
) -> None:
    clash = {**CORE_GROUP, "aliases": ["UK"]}
    response = client.post(URL, json=clash, headers=as_admin(client, tokens))
    assert response.status_code == 409
    assert "United Kingdom" in response.json()["detail"]


def test_unknown_members_are_refused_by_name(client: TestClient, tokens: dict[str, str]) -> None:
    unknown = {**CORE_GROUP, "members": ["Norway", "Atlantis", "Freedonia"]}
    response = client.post(URL, json=unknown, headers=as_admin(client, tokens))
    assert response.status_code == 422
    assert "'Atlantis'" in response.json()["detail"] and "'Freedonia'" in response.json()["detail"]


def test_a_state_cannot_have_members(client: TestClient, tokens: dict[str, str]) -> None:
    state = {**CORE_GROUP, "kind": "member-state"}
    assert client.post(URL, json=state, headers=as_admin(client, tokens)).status_code == 422


def test_downgrading_the_seed_removes_only_the_builtin_delegations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'seed.db'}"
    upgrade_database(url)
    engine = create_engine(url)
    try:
        with Session(engine) as session, session.begin():
            session.add(Delegation(code="CORE", name="Core group", kind="group", builtin=False))

        def counts() -> tuple[int, int]:
            with Session(engine) as session:
                rows = session.execute(
                    select(Delegation.builtin, func.count()).group_by(Delegation.builtin)
                ).all()
            found = {bool(builtin): count for builtin, count in rows}
            return found.get(True, 0), found.get(False, 0)

        assert counts() == (len(load_delegations()), 1)
        downgrade_database(url, "0001")
        assert counts() == (0, 1)
        upgrade_database(url)
        assert counts() == (len(load_delegations()), 1)
    finally:
        engine.dispose()
