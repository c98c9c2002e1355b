"""Browser tests: a real server in a subprocess and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.web.server import CHROMIUM, CHROMIUM_ARGS, Server, running_server

NO_CHROMIUM = f"browser tests need Debian's chromium at {CHROMIUM}"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A Penholder server on a fresh SQLite file, with an admin token."""
    with running_server() as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium, headless."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(NO_CHROMIUM)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh tab at 1280×800, not signed in; script errors and CSP refusals fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    tab.goto(server.base + "/")
    yield tab
    context.close()
    assert not errors, f"the page raised: {errors}"


@pytest.fixture
def signed_in(page: Page, server: Server) -> Page:
    """The tab, signed in through a `#token=` link."""
    page.goto(f"{server.base}/#token={server.token}")
    page.get_by_role("heading", name="Negotiations", level=1).wait_for()
    return page
