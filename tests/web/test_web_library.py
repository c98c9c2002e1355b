"""The web app and the library: the Library view, agreed or new words, a paragraph's precedents."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.server import Server, load_sample_library, load_sample_negotiation
from tests.web.test_web_app import open_view


@pytest.fixture(scope="module")
def sample(server: Server) -> str:
    """The sample negotiation and the demo library."""
    slug = load_sample_negotiation(server, proposals=False)
    load_sample_library(server)
    return slug


def test_the_library_view_finds_a_phrase_and_marks_its_words(signed_in: Page, sample: str) -> None:
    page = signed_in
    page.get_by_role("link", name="Library").click()
    expect(page.get_by_role("heading", name="Library of adopted resolutions")).to_be_visible()
    page.get_by_label("Search adopted resolutions").fill("IN CONSULTATION with States, and other")
    page.get_by_role("button", name="Search").click()
    hits = page.locator(".library-hit")
    expect(hits).to_have_count(2)
    expect(hits.nth(0)).to_contain_text("A/RES/78/190")
    expect(hits.nth(0).locator("mark")).to_have_text("in consultation with States and other")


def test_a_search_that_finds_nothing_says_new_language(signed_in: Page, sample: str) -> None:
    page = signed_in
    open_view(page, "#/library/phrase/" + "strategic%20lawsuits%20against%20public%20participation")
    expect(page.locator("#library-results")).to_contain_text("new language")


def test_the_comparison_marks_inserted_words_agreed_with_their_sources_or_new(
    signed_in: Page, sample: str
) -> None:
    page = signed_in
    open_view(page, f"#/n/{sample}/compare/2/3")
    agreed = page.locator(".hunk.agreed", has_text="with the consent of the person concerned")
    expect(agreed.locator(".agreed-word")).to_have_text("agreed")
    sources = agreed.locator(".agreed-sources")
    expect(sources).to_be_hidden()
    agreed.focus()
    expect(sources).to_be_visible()
    expect(sources).to_contain_text("A/HRC/RES/55/12 OP5")
    new = page.locator(".hunk.new-language", has_text="as criminal or as a threat")
    expect(new.locator(".agreed-word")).to_have_text("new")
    expect(new).to_have_attribute("class", re.compile("new-language"))


def test_a_paragraph_history_shows_its_precedents(signed_in: Page, sample: str) -> None:
    page = signed_in
    open_view(page, f"#/n/{sample}/history/OP4")
    precedents = page.locator(".precedents")
    expect(
        precedents.get_by_role("heading", name="Precedents in adopted resolutions")
    ).to_be_visible()
    first = precedents.locator(".precedent").first
    expect(first).to_contain_text("A/HRC/RES/55/12")
    expect(first.locator("ins").first).to_be_visible()
