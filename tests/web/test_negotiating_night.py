"""The web app through a negotiating night (issue 13), one test per pain point: the session
every tab shares, keeping one's place, mistakes put right, finding anything, and everything
the API can do done on screen. The sample negotiation is loaded the way `penholder demo` loads
it (app/services/demo.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.core.vocabulary import Role
from app.db.session import get_engine, transaction
from app.services import tokens as token_service
from app.services.demo import load_sample_negotiation
from tests.api.test_proposals_api import word_file
from tests.web.conftest import NO_CHROMIUM
from tests.web.server import CHROMIUM, SAMPLES, Server, running_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=NO_CHROMIUM),
]

ZERO = """Safety of journalists

The Human Rights Council,

Guided by the Charter of the United Nations,

1. Urges all States to protect journalists;

2. Encourages States to review their legislation;

3. Decides to remain seized of the matter.
"""

REV1 = """Safety of journalists

The Human Rights Council,

Guided by the Charter of the United Nations,

1. Urges all States to protect journalists effectively;

2. Encourages States to review their legislation;

3. Requests the Secretary-General to report on the safety of journalists;

4. Decides to remain seized of the matter.
"""


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A server whose database holds the sample negotiation, loaded as `penholder demo` does."""
    with running_server() as running:
        with transaction(get_engine(running.database_url), write=True) as session:
            load_sample_negotiation(session, SAMPLES)
        yield running


SLUG = "hrd-hrc58"


def token(server: Server, name: str, role: Role, expires_in: dt.timedelta | None = None) -> str:
    """A fresh token in the server's database."""
    expires = dt.datetime.now(dt.UTC) + expires_in if expires_in is not None else None
    with transaction(get_engine(server.database_url), write=True) as session:
        return token_service.create_token(session, name, role, expires_at=expires)


def revoke(server: Server, name: str) -> None:
    with transaction(get_engine(server.database_url), write=True) as session:
        token_service.revoke_tokens(session, name)


def open_view(page: Page, hash_path: str) -> None:
    """Go to `hash_path` and wait until that view has rendered."""
    page.goto(page.url.split("#")[0] + hash_path)
    path = hash_path.split("?")[0]
    page.wait_for_function("hash => document.body.dataset.rendered === hash", arg=path)


def sign_in(page: Page, server: Server, secret: str | None = None) -> Page:
    page.goto(f"{server.base}/#token={secret or server.token}")
    page.get_by_role("heading", name="Negotiations", level=1).wait_for()
    return page


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    """One browser profile: its tabs share cookies. Script errors fail the test."""
    made = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    made.set_default_timeout(10_000)
    errors: list[str] = []
    made.on("weberror", lambda error: errors.append(str(error.error)))
    yield made
    made.close()
    assert not errors, f"the page raised: {errors}"


@pytest.fixture
def tab(context: BrowserContext, server: Server) -> Page:
    """A signed-in tab."""
    return sign_in(context.new_page(), server)


def new_negotiation(server: Server, title: str) -> str:
    """A negotiation with the two small drafts, made through the API; its slug."""
    status, body = server.api("POST", "/negotiations", {"title": title, "body": "HRC"})
    assert status == 201, body
    slug: str = body["slug"]  # type: ignore[index]
    server.upload(slug, "zero.txt", ZERO.encode(), {"label": "Zero draft", "stage": "zero"})
    server.upload(slug, "rev1.txt", REV1.encode(), {"label": "Rev.1"})
    return slug


def changed_count(server: Server, a: int, b: int) -> int:
    _, found = server.api("GET", f"/negotiations/{SLUG}/compare?from={a}&to={b}")
    return sum(1 for c in found["changes"] if c["kind"] != "unchanged")  # type: ignore[index]


# 1. Every tab shares the session


def test_a_second_tab_and_a_ctrl_click_are_signed_in_already(
    context: BrowserContext, tab: Page, server: Server
) -> None:
    second = context.new_page()
    second.goto(f"{server.base}/#/n/{SLUG}/map")
    expect(second.get_by_role("heading", name="Negotiation map")).to_be_visible()
    open_view(tab, f"#/n/{SLUG}")
    with context.expect_page() as opened:
        tab.get_by_role("link", name="Compare with L.22").click(modifiers=["Control"])
    third = opened.value
    expect(third.get_by_role("heading", name=re.compile("Compare L.22"), level=1)).to_be_visible()
    for page in (tab, second, third):
        stored = page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}])")
        assert server.token not in stored


def test_signing_out_in_one_tab_signs_out_the_other(
    context: BrowserContext, tab: Page, server: Server
) -> None:
    other = context.new_page()
    other.goto(f"{server.base}/#/n/{SLUG}")
    expect(other.get_by_role("heading", name="Human rights defenders", level=1)).to_be_visible()
    tab.get_by_role("button", name="Sign out").click()
    expect(other.get_by_role("heading", name="Sign in to Penholder")).to_be_visible()


def test_a_revoked_token_signs_both_tabs_out(context: BrowserContext, server: Server) -> None:
    secret = token(server, "night-editor", Role.EDITOR)
    first = sign_in(context.new_page(), server, secret)
    second = context.new_page()
    second.goto(f"{server.base}/#/n/{SLUG}")
    expect(second.get_by_role("heading", name="Human rights defenders", level=1)).to_be_visible()
    revoke(server, "night-editor")
    for page in (first, second):
        page.reload()
        expect(page.get_by_role("heading", name="Sign in to Penholder")).to_be_visible()


# 2. Keep your place


def test_back_from_a_history_returns_to_the_same_change(tab: Page) -> None:
    open_view(tab, f"#/n/{SLUG}/compare/1/5")
    for _ in range(3):
        tab.keyboard.press("j")
    third = tab.locator("article.change").nth(2)
    expect(third).to_be_focused()
    lineage = third.get_attribute("data-lineage")
    tab.keyboard.press("h")
    expect(tab.locator(".history-entry").first).to_be_visible()
    tab.go_back()
    expect(tab.locator(f'article.change[data-lineage="{lineage}"]')).to_be_focused()
    tab.keyboard.press("j")
    expect(tab.locator("article.change").nth(3)).to_be_focused()
    tab.reload()
    expect(tab.locator("article.change").nth(3)).to_be_focused()


def test_switching_inline_and_side_by_side_keeps_the_filters_and_the_change(tab: Page) -> None:
    open_view(tab, f"#/n/{SLUG}/compare/1/5")
    tab.get_by_role("checkbox", name=re.compile(r"Modified \(")).uncheck()
    shown = tab.locator("article.change").count()
    tab.keyboard.press("j")
    lineage = tab.locator("article.change").first.get_attribute("data-lineage")
    tab.get_by_role("link", name="Side by side").click()
    expect(tab.locator(".changes.mode-side")).to_be_visible()
    expect(tab.get_by_role("checkbox", name=re.compile(r"Modified \("))).not_to_be_checked()
    expect(tab.locator("article.change")).to_have_count(shown)
    expect(tab.locator(f'article.change[data-lineage="{lineage}"]')).to_be_focused()
    tab.get_by_role("link", name="Inline redline").click()
    expect(tab.get_by_role("checkbox", name=re.compile(r"Modified \("))).not_to_be_checked()


# 3. Compare opens on the right pair, changes only; next/previous on a phone


def test_compare_opens_on_the_previous_draft_and_shows_changes_only(
    tab: Page, server: Server
) -> None:
    open_view(tab, f"#/n/{SLUG}")
    tab.get_by_role("navigation", name="Negotiation views").get_by_role(
        "link", name="Compare"
    ).click()
    expect(tab.get_by_role("heading", name="Compare L.22 → Adopted", level=1)).to_be_visible()
    expect(tab.locator("article.change")).to_have_count(changed_count(server, 4, 5))
    expect(tab.locator("article.change.kind-unchanged")).to_have_count(0)


def test_on_a_phone_the_first_change_is_near_the_top_with_next_and_previous(
    browser: Browser, server: Server
) -> None:
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        page = sign_in(phone.new_page(), server)
        open_view(page, f"#/n/{SLUG}/compare/1/2")
        first = page.locator("article.change").first
        top = first.evaluate("node => node.getBoundingClientRect().top + window.scrollY")
        assert top < 600, f"the first change starts {top:.0f} px down"
        nav = page.get_by_role("navigation", name="Changes")
        expect(nav.get_by_role("button", name="Next change")).to_be_visible()
        nav.get_by_role("button", name="Next change").click()
        expect(first).to_be_focused()
        nav.get_by_role("button", name="Next change").click()
        expect(page.locator("article.change").nth(1)).to_be_focused()
        nav.get_by_role("button", name="Previous change").click()
        expect(first).to_be_focused()
        expect(nav).to_contain_text("1 of")
    finally:
        phone.close()


# 4. Moves show at both ends


def test_a_moved_paragraph_is_marked_where_it_was(tab: Page) -> None:
    open_view(tab, f"#/n/{SLUG}/compare/2/3")  # Rev.1 → Rev.2: the anniversary paragraph moved
    moved = tab.locator("article.change.is-moved, article.change.kind-moved").first
    lineage = moved.get_attribute("data-lineage")
    origin = tab.locator(f'.move-origin[data-origin="{lineage}"]')
    expect(origin).to_contain_text("was here; moved to")
    before = origin.evaluate(
        "(node, lineage) => Boolean(node.compareDocumentPosition("
        "document.querySelector(`article.change[data-lineage='${lineage}']`))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)",
        lineage,
    )
    assert before, "the paragraph moved from the start of the preamble to its end"
    origin.get_by_role("link").click()
    expect(moved).to_be_focused()


# 5. An insertion says where the words go


def test_an_insert_proposal_says_after_which_words_it_goes(tab: Page, server: Server) -> None:
    slug = new_negotiation(server, "Insert proposals")
    _, draft = server.api("GET", f"/negotiations/{slug}/drafts/2")
    op2 = next(p for p in draft["paragraphs"] if p["label"] == "OP2")  # type: ignore[index]
    status, body = server.api(
        "POST",
        f"/negotiations/{slug}/proposals",
        {"delegations": ["Chile"], "lineage_id": op2["lineage_id"], "action": "insert",
         "find": "review", "text": " and amend"},
    )  # fmt: skip
    assert status == 201, body
    open_view(tab, f"#/n/{slug}/history/OP2")
    card = tab.locator("article.proposal")
    expect(card).to_contain_text("After “review” insert")
    expect(card.locator("del")).to_have_count(0)
    expect(card.locator("ins")).to_have_text(" and amend")


# 6. The demo keeps rejected and withdrawn proposals


def test_the_map_counts_rejected_and_withdrawn_proposals(tab: Page) -> None:
    open_view(tab, f"#/n/{SLUG}/map")
    table = tab.locator(".record-table")
    expect(table).to_be_visible()
    totals = tab.evaluate(
        """() => Object.fromEntries(["rejected", "withdrawn", "pending"].map((k) => [k,
            [...document.querySelectorAll(`.record-table td.col-${k}`)]
              .reduce((n, td) => n + Number(td.textContent), 0)]))"""
    )
    assert totals["rejected"] >= 12 and totals["withdrawn"] >= 4, totals
    assert totals["pending"] == 0, totals


# 7. Mistakes can be put right


def test_the_same_file_uploaded_twice_gets_a_409_and_a_choice(
    tab: Page, server: Server, tmp_path: Path
) -> None:
    slug = new_negotiation(server, "Duplicate uploads")
    (tmp_path / "rev1.txt").write_text(REV1, encoding="utf-8")
    open_view(tab, f"#/n/{slug}")
    form = tab.get_by_role("form", name="Upload a draft")
    form.locator("input[type=file]").set_input_files(str(tmp_path / "rev1.txt"))
    form.get_by_label("Label").fill("Rev.1")
    with tab.expect_response(re.compile(r"/drafts$")) as answer:
        form.get_by_role("button", name="Upload draft").click()
    assert answer.value.status == 409
    expect(form.locator(".question")).to_contain_text("already stored as Rev.1 (draft 2)")
    expect(tab.locator(".draft-card")).to_have_count(2)
    form.get_by_role("button", name="Upload it anyway").click()
    expect(tab.locator(".draft-card")).to_have_count(3)


def test_a_word_redline_asks_whether_it_is_a_draft_or_proposals(
    tab: Page, server: Server, tmp_path: Path
) -> None:
    _, body = server.api("POST", "/negotiations", {"title": "Redlines", "body": "HRC"})
    slug = body["slug"]  # type: ignore[index]
    (tmp_path / "redline.docx").write_bytes(word_file())
    open_view(tab, f"#/n/{slug}")
    form = tab.get_by_role("form", name="Upload a draft")
    form.locator("input[type=file]").set_input_files(str(tmp_path / "redline.docx"))
    form.get_by_label("Label").fill("Zero draft")
    form.get_by_role("button", name="Upload draft").click()
    question = form.locator(".question")
    expect(question).to_contain_text("holds tracked changes")
    expect(question.get_by_role("button", name="As proposals on the latest draft")).to_be_visible()
    question.get_by_role("button", name="As a draft, with the changes accepted").click()
    expect(tab.locator(".draft-card")).to_have_count(1)
    open_view(tab, f"#/n/{slug}/draft/1")
    expect(tab.locator(".document")).to_contain_text("Urges States to protect")


def test_a_draft_is_renamed_withdrawn_and_restored(tab: Page, server: Server) -> None:
    slug = new_negotiation(server, "Put right")
    open_view(tab, f"#/n/{slug}")
    card = tab.locator(".draft-card", has_text="Rev.1")
    card.get_by_role("button", name="Rename").click()
    card.get_by_label("New label").fill("Rev.1 (corrected)")
    card.get_by_role("button", name="Save").click()
    expect(tab.locator(".draft-card h3", has_text="Rev.1 (corrected)")).to_be_visible()
    tab.once("dialog", lambda dialog: dialog.accept())
    tab.locator(".draft-card", has_text="Rev.1 (corrected)").get_by_role(
        "button", name="Withdraw"
    ).click()
    expect(tab.locator(".draft-card")).to_have_count(1)
    withdrawn = tab.locator("details.withdrawn")
    withdrawn.locator("summary").click()
    withdrawn.get_by_role("button", name="Restore").click()
    expect(tab.locator(".draft-card")).to_have_count(2)


# 8. Work survives the end of a session


def test_an_unsent_proposal_survives_signing_in_again(tab: Page, server: Server) -> None:
    slug = new_negotiation(server, "Unsent work")
    open_view(tab, f"#/n/{slug}/history/OP2")
    panel = tab.get_by_role("region", name="Proposals on OP2")
    panel.get_by_label("Action").select_option("replace")
    panel.get_by_label("Words to replace").fill("Encourages")
    panel.get_by_label("Proposed text").fill("Calls upon")
    tab.get_by_role("button", name="Sign out").click()
    expect(tab.get_by_role("heading", name="Sign in to Penholder")).to_be_visible()
    sign_in(tab, server)
    open_view(tab, f"#/n/{slug}/history/OP2")
    panel = tab.get_by_role("region", name="Proposals on OP2")
    expect(panel.get_by_text("Your unsent proposal was restored")).to_be_visible()
    expect(panel.get_by_label("Proposed text")).to_have_value("Calls upon")
    expect(panel.get_by_label("Words to replace")).to_have_value("Encourages")


# 9. Messages that say what happened


def test_a_good_sign_in_clears_the_stale_banner_and_an_expired_token_says_so(
    context: BrowserContext, server: Server
) -> None:
    page = context.new_page()
    page.goto(f"{server.base}/#token=ph_wrong")
    expect(page.locator("#error")).to_contain_text("did not work")
    stale = token(server, "stale", Role.VIEWER, expires_in=dt.timedelta(seconds=-5))
    page.get_by_label("API token").fill(stale)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert").filter(has_text="expired")).to_contain_text(
        "This API token has expired."
    )
    page.get_by_label("API token").fill(server.token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Negotiations", level=1)).to_be_visible()
    expect(page.locator("#error")).to_be_hidden()
    assert page.title() == "Negotiations · Penholder"


def test_messages_name_drafts_times_and_actions_plainly(tab: Page) -> None:
    open_view(tab, f"#/n/{SLUG}/proposals")
    assert tab.title() == "Proposals · Human rights defenders · Penholder"
    first = tab.locator("article.proposal").first
    expect(first).to_contain_text(re.compile(r"on (Zero draft|Rev\.\d|L\.22)"))
    expect(first).not_to_contain_text(re.compile(r"on draft \d"))
    expect(first.get_by_text(re.compile(r"^Added .* UTC$"))).to_be_visible()
    open_view(tab, f"#/n/{SLUG}/history/OP6")
    assert tab.title().startswith("History of OP6")
    panel = tab.get_by_role("region", name="Proposals on OP6")
    panel.get_by_role("combobox", name="Proposed by").fill("Chile")
    panel.get_by_role("option", name=re.compile("Chile")).click()
    panel.get_by_label("Action").select_option("insert")
    panel.get_by_role("button", name="Add proposal").click()
    expect(panel.locator(".proposal-form > .form-error")).to_contain_text(
        "An insert proposal needs"
    )


# 10. Viewers see no write control


def test_a_viewer_sees_no_write_control(context: BrowserContext, server: Server) -> None:
    page = sign_in(context.new_page(), server, token(server, "night-viewer", Role.VIEWER))
    expect(page.get_by_role("form", name="New negotiation")).to_have_count(0)
    open_view(page, f"#/n/{SLUG}")
    expect(page.get_by_role("form", name="Upload a draft")).to_have_count(0)
    expect(page.get_by_role("button", name="Rename")).to_have_count(0)
    expect(page.get_by_role("button", name="Withdraw")).to_have_count(0)
    open_view(page, f"#/n/{SLUG}/compare/4/5")
    expect(page.get_by_role("button", name=re.compile("^Tag"))).to_have_count(0)
    expect(page.locator(".hunk[role=button]")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Correct"))).to_have_count(0)
    open_view(page, f"#/n/{SLUG}/history/OP6")
    expect(page.locator(".proposal-form")).to_have_count(0)
    expect(page.locator("article.proposal select")).to_have_count(0)
    open_view(page, f"#/n/{SLUG}/proposals")
    expect(page.locator(".import-box")).to_have_count(0)


# 11. A history link by label reads the draft it names


def test_a_history_link_by_label_reads_the_draft_it_names(tab: Page) -> None:
    open_view(tab, f"#/n/{SLUG}/history/OP10%20bis?draft=2")
    expect(tab.get_by_role("heading", level=1)).not_to_contain_text("could not be loaded")
    expect(tab.locator('.timeline-item[data-seq="2"] .para-label')).to_contain_text("OP10 bis")


# 12. Screen readers hear deletions and insertions; one tab stop per change


def test_deleted_and_inserted_words_are_announced_and_each_change_is_one_tab_stop(
    tab: Page,
) -> None:
    open_view(tab, f"#/n/{SLUG}/compare/1/5")
    cue = tab.evaluate(
        """() => ['del', 'ins'].map((tag) => getComputedStyle(
            document.querySelector(`article.change ${tag}`), '::before').content)"""
    )
    assert "deleted" in cue[0] and "inserted" in cue[1], cue
    cards = tab.locator("article.change")
    tab.keyboard.press("j")
    expect(cards.first).to_be_focused()
    tab.keyboard.press("Tab")
    expect(cards.nth(1)).to_be_focused()
    stops = tab.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, select, [tabindex]')]
            .filter((n) => n.tabIndex >= 0 && !n.disabled && n.getClientRects().length)
            .length"""
    )
    assert stops < cards.count() + 40, f"{stops} tab stops for {cards.count()} changes"
    tab.keyboard.press("ArrowRight")
    expect(cards.nth(1).get_by_role("link").first).to_be_focused()


# 13. The screen does what the API does


def test_a_paragraphs_lineage_is_corrected_on_screen(tab: Page, server: Server) -> None:
    slug = new_negotiation(server, "Lineage on screen")
    open_view(tab, f"#/n/{slug}/compare/1/2")
    added = tab.locator("article.change.kind-added", has_text="Requests the Secretary-General")
    added.get_by_role("button", name=re.compile("Correct lineage")).click()
    dialog = tab.get_by_role("dialog")
    dialog.get_by_label("Continues, in Zero draft").select_option(
        label="OP3: Decides to remain seized of the matter."
    )
    expect(dialog.locator(".lineage-preview")).to_contain_text("Decides to remain seized")
    dialog.get_by_role("button", name="Correct and recompute").click()
    expect(dialog).to_be_hidden()
    corrected = tab.locator("article.change", has_text="Requests the Secretary-General")
    expect(corrected).to_have_class(re.compile("kind-modified"))
    expect(corrected).to_be_focused()
    expect(tab.get_by_role("status")).to_contain_text("Corrected")
    expect(tab.locator("article.change.kind-added")).to_contain_text("Decides to remain seized")


def test_proposals_are_imported_edited_and_the_status_and_groups_set_on_screen(
    tab: Page, server: Server, tmp_path: Path
) -> None:
    slug = new_negotiation(server, "Screen parity")
    open_view(tab, f"#/n/{slug}")
    tab.get_by_label("Status").select_option("tabled")
    expect(tab.get_by_role("status")).to_contain_text("tabled")
    tab.reload()
    expect(tab.get_by_label("Status")).to_have_value("tabled")

    (tmp_path / "eu.docx").write_bytes(word_file())
    open_view(tab, f"#/n/{slug}/proposals")
    tab.get_by_text("Import a delegation's Word file as proposals").click()
    form = tab.get_by_role("form", name="Import a delegation's Word file")
    form.get_by_label("Word file with tracked changes").set_input_files(str(tmp_path / "eu.docx"))
    form.get_by_role("button", name="Import proposals").click()
    expect(tab.get_by_role("status")).to_contain_text("Imported")
    expect(tab.locator("article.proposal").first).to_be_visible()

    card = tab.locator("article.proposal").first
    card.get_by_role("button", name="Edit").click()
    card.get_by_label("Note").fill("Agreed ad ref in the corridor")
    card.get_by_role("button", name="Save").click()
    expect(card).to_contain_text("Agreed ad ref in the corridor")
    tab.reload()
    expect(tab.locator("article.proposal", has_text="Agreed ad ref in the corridor")).to_have_count(
        1
    )

    open_view(tab, f"#/n/{slug}/history/OP1")
    panel = tab.get_by_role("region", name="Proposals on OP1")
    for name in ("Norway", "Mexico"):
        panel.get_by_role("combobox", name="Proposed by").fill(name)
        panel.get_by_role("option", name=re.compile(name)).first.click()
    panel.get_by_role("button", name="Make these a group…").click()
    panel.get_by_label("Name of the new group").fill("Core group night")
    panel.get_by_role("button", name="Create group").click()
    expect(panel.locator(".picker-chips .chip")).to_have_count(1)
    expect(panel.locator(".picker-chips .chip")).to_contain_text("CORE-GROUP-NIGHT")


# Find anything


def test_search_finds_every_draft_and_go_to_opens_a_paragraph(tab: Page) -> None:
    open_view(tab, f"#/n/{SLUG}")
    box = tab.get_by_role("searchbox", name="Go to a paragraph or search")
    box.fill("strategic lawsuits")
    box.press("Enter")
    expect(tab.get_by_role("heading", name="Search: strategic lawsuits", level=1)).to_be_visible()
    hits = tab.locator(".hit")
    expect(hits.first).to_be_visible()
    drafts = {t.split(" in ", 1)[1] for t in hits.locator(".hit-title").all_inner_texts()}
    assert {"Zero draft", "Rev.1", "Adopted"} <= drafts, drafts
    expect(hits.first.locator("mark").first).to_have_text(re.compile("strategic lawsuits", re.I))
    tab.locator("body").press("/")
    expect(box).to_be_focused()
    box.fill("OP12")
    box.press("Enter")
    expect(tab.get_by_role("heading", name=re.compile(r"^OP12"), level=1)).to_be_visible()
