"""axe-core (from the npm registry, installed by .ci/run into .ci/web) finds no violation on
any view of the web app, signed in as an editor, with the sample negotiation loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.web.conftest import NO_CHROMIUM
from tests.web.server import CHROMIUM, ROOT, Server, load_sample_negotiation

AXE = ROOT / ".ci" / "web" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=NO_CHROMIUM),
    pytest.mark.skipif(
        not AXE.exists(), reason=f"axe-core is not installed: npm ci --prefix .ci/web ({AXE})"
    ),
]

VIEWS = {
    "negotiations": ("#/", "table.data"),
    "negotiation": ("#/n/{slug}", ".timeline"),
    "draft": ("#/n/{slug}/draft/5", ".document"),
    "compare-inline": ("#/n/{slug}/compare/1/5", "article.change"),
    "compare-side": ("#/n/{slug}/compare/1/5/side", "article.change"),
    "compare-step": (
        "#/n/{slug}/compare/2/3?show=modified,added,deleted,moved,split,merged,unchanged",
        "article.change",
    ),
    "history": ("#/n/{slug}/history/OP7", ".history-entry"),
    "map": ("#/n/{slug}/map", ".record-table"),
    "proposals": ("#/n/{slug}/proposals", "article.proposal"),
    "search": ("#/n/{slug}/search?q=defenders", ".hit"),
}


@pytest.fixture(scope="module")
def sample(server: Server) -> str:
    return load_sample_negotiation(server)


def violations(page: Page) -> list[str]:
    """What axe finds on the page as it stands, one line per violation and node."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated, so the page's CSP allows it
    found = page.evaluate(
        "() => axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps(node['target'])}"
        for v in found
        for node in v["nodes"]
    ]


def open_view(page: Page, hash_path: str, ready: str) -> None:
    page.goto(page.url.split("#")[0] + hash_path)
    page.wait_for_function(
        "hash => document.body.dataset.rendered === hash", arg=hash_path.split("?")[0]
    )
    page.locator(ready).first.wait_for()
    page.wait_for_timeout(100)


@pytest.mark.parametrize("view", list(VIEWS))
def test_axe_finds_no_violation(signed_in: Page, sample: str, view: str) -> None:
    hash_path, ready = VIEWS[view]
    open_view(signed_in, hash_path.format(slug=sample), ready)
    assert violations(signed_in) == []


def test_axe_finds_no_violation_on_the_sign_in_page(page: Page) -> None:
    page.get_by_role("heading", name="Sign in to Penholder").wait_for()
    assert violations(page) == []


def test_axe_finds_no_violation_in_the_dialogs_and_on_a_phone(signed_in: Page, sample: str) -> None:
    page = signed_in
    open_view(page, f"#/n/{sample}/compare/1/2", "article.change")
    page.locator("article.change.kind-modified").first.get_by_role("button", name="Tag").click()
    page.get_by_role("dialog").wait_for()
    assert violations(page) == []
    page.keyboard.press("Escape")
    added = page.locator("article.change.kind-added").first
    added.locator("button", has_text="Correct lineage").click()
    page.get_by_role("dialog").wait_for()
    assert violations(page) == []
    page.keyboard.press("Escape")
    page.set_viewport_size({"width": 390, "height": 844})
    open_view(page, f"#/n/{sample}/compare/1/2", "article.change")
    assert violations(page) == []
