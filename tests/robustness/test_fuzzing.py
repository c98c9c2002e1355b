"""Fuzzing the API from its own OpenAPI with schemathesis: no 5xx, every answer in its schema.

The app runs on a temporary migrated SQLite database holding one negotiation with two drafts,
signed in with an admin token so every operation is reachable. Generated path and query
values are steered onto that negotiation and its drafts half of the time, so the fuzzer
reaches real data and not only 404s. Bounded: `EXAMPLES` per operation, no deadline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app
from app.settings import Settings
from tests.robustness.servers import create_tokens, temp_database

EXAMPLES = 20
ZERO = (
    "The Human Rights Council,\n\nRecalling its earlier resolutions,\n\n"
    "1. Encourages States to protect human rights defenders;\n\n"
    "2. Decides to remain seized of the matter.\n"
)
REV1 = ZERO.replace("Encourages", "Urges").replace("protect", "protect and support")
RUN: Counter[str] = Counter()


@pytest.fixture(scope="module")
def fuzzed() -> Iterator[dict[str, Any]]:
    """The app on a temporary database with a negotiation of two drafts, and an admin token."""
    with temp_database("sqlite") as url:
        token = create_tokens(url)["admin"]
        app = create_app(Settings(database_url=url))
        headers = {"Authorization": f"Bearer {token}"}
        with TestClient(app) as client:
            made = client.post(
                "/api/v1/negotiations",
                json={"title": "Fuzz", "body": "HRC", "slug": "fuzz"},
                headers=headers,
            )
            assert made.status_code == 201, made.text
            for label, text in (("Zero", ZERO), ("Rev.1", REV1)):
                stored = client.post(
                    "/api/v1/negotiations/fuzz/drafts",
                    json={"label": label, "text": text},
                    headers=headers,
                )
                assert stored.status_code == 201, stored.text
            latest = client.get("/api/v1/negotiations/fuzz/drafts/2", headers=headers).json()
        yield {
            "app": app,
            "headers": headers,
            "lineage": latest["paragraphs"][-1]["lineage_id"],
            "paragraph": latest["paragraphs"][-1]["id"],
        }
    print(f"\nschemathesis: {sum(RUN.values())} examples over {len(RUN)} operations: {dict(RUN)}")


@pytest.fixture(scope="module")
def api_schema(fuzzed: dict[str, Any]) -> Any:
    """Our own OpenAPI, served by the app under test."""
    config = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed["app"], config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


def steer(case: Any, real: dict[str, Any]) -> None:
    """Point about half of the generated cases at the stored negotiation and drafts."""
    path = case.path_parameters or {}
    if "slug" in path and len(str(path["slug"])) % 2 == 0:
        path["slug"] = "fuzz"
        for name in ("seq",):
            if name in path:
                path[name] = "latest" if len(str(path[name])) % 3 == 0 else "1"
        if "ref" in path:
            path["ref"] = real["lineage"] if len(str(path["ref"])) % 2 else "OP1"
        if "paragraph_id" in path:
            path["paragraph_id"] = real["paragraph"]
        query = case.query or {}
        for name in ("from", "to"):
            if isinstance(query.get(name), int):
                query[name] = 1 + query[name] % 2


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_operation_answers_5xx_or_outside_its_schema(case: Any, fuzzed: dict[str, Any]) -> None:
    steer(case, fuzzed)
    RUN[f"{case.method} {case.path}"] += 1
    case.call_and_validate(
        headers=fuzzed["headers"],
        checks=[
            not_a_server_error,
            response_schema_conformance,
            content_type_conformance,
            status_code_conformance,
        ],
    )
