"""The next draft in a real browser: collisions marked on the proposals page, proposals ticked,
the next draft previewed and created; the comparison hides editorial changes on request."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import NO_CHROMIUM
from tests.web.server import CHROMIUM, Server
from tests.web.test_web_app import open_view

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=NO_CHROMIUM),
]

ZERO = """Safety of journalists

The Human Rights Council,

Recalling the obligations of States parties,

1. Urges all States to protect journalists;

2. Calls upon States to review their legislation;

3. Decides to remain seized of the matter.
"""


def api(server: Server, method: str, path: str, body: object | None = None) -> Any:
    status, answer = server.api(method, path, body)
    assert status in (200, 201), answer
    return answer


@pytest.fixture
def negotiation(server: Server) -> tuple[str, int, int]:
    """A negotiation with one draft and two pending proposals on OP2 that collide."""
    slug = api(server, "POST", "/negotiations", {"title": "Journalists (next)", "body": "HRC"})[
        "slug"
    ]
    server.upload(slug, "zero.txt", ZERO.encode(), {"label": "Zero draft", "stage": "zero"})
    draft = api(server, "GET", f"/negotiations/{slug}/drafts/1")
    op2 = next(p["lineage_id"] for p in draft["paragraphs"] if p["label"] == "OP2")
    first = api(
        server,
        "POST",
        f"/negotiations/{slug}/proposals",
        {
            "delegations": ["EU"],
            "lineage_id": op2,
            "action": "replace",
            "find": "Calls upon",
            "text": "Urges",
        },
    )["id"]
    second = api(
        server,
        "POST",
        f"/negotiations/{slug}/proposals",
        {
            "delegations": ["China"],
            "lineage_id": op2,
            "action": "replace",
            "find": "Calls upon States",
            "text": "Invites States",
        },
    )["id"]
    return slug, first, second


def test_ticking_a_proposal_previews_and_creates_the_next_draft(
    signed_in: Page, negotiation: tuple[str, int, int]
) -> None:
    page = signed_in
    slug, first, second = negotiation
    open_view(page, f"#/n/{slug}/proposals")
    expect(page.locator(".proposal .collision")).to_have_count(2)
    expect(page.locator(f'article.proposal[data-id="{first}"] .collision')).to_have_text(
        f"Collides with proposal {second}"
    )
    panel = page.get_by_role("region", name="Next draft from proposals")
    panel.get_by_label("Label of the new draft").fill("Rev.1")
    page.get_by_label(f"Apply proposal {first}").check()
    page.get_by_label(f"Apply proposal {second}").check()
    panel.get_by_role("button", name="Preview").click()
    expect(panel.locator(".form-error")).to_contain_text(f"Proposals {first} and {second} collide")
    page.get_by_label(f"Apply proposal {second}").uncheck()
    panel.get_by_role("button", name="Preview").click()
    expect(panel.locator(".next-paragraphs li.touched")).to_contain_text(
        "Urges States to review their legislation;"
    )
    panel.get_by_role("button", name="Create the draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rev.1")
    expect(page.locator("article.change.kind-modified .chip")).to_contain_text("EU")


def test_the_comparison_hides_editorial_changes_on_request(
    signed_in: Page, server: Server, negotiation: tuple[str, int, int]
) -> None:
    page = signed_in
    slug = negotiation[0]
    edited = ZERO.replace("States parties", "States Parties").replace("review", "repeal")
    server.upload(slug, "rev1.txt", edited.encode(), {"label": "Rev.1"})
    open_view(page, f"#/n/{slug}/compare/1/2")
    expect(page.locator("article.change .nature-editorial")).to_have_count(1)
    page.get_by_label(re.compile("Hide editorial changes")).check()
    expect(page.locator("article.change .nature-editorial")).to_have_count(0)
    expect(page.locator("article.change.kind-modified")).to_have_count(1)
