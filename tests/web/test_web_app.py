"""The web app in a real browser against a real server: sign-in, negotiations, drafts,
comparison, history, tagging, exports, and untrusted draft text shown as text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import NO_CHROMIUM
from tests.web.server import CHROMIUM, Server, load_sample_negotiation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=NO_CHROMIUM),
]

FIRST_DRAFT = """Safety of journalists

The Human Rights Council,

Guided by the Charter of the United Nations,

Recalling its resolution 51/9 on the safety of journalists,

Deeply concerned by attacks on journalists,

1. Urges all States to protect journalists;

2. Encourages States to review their legislation;

3. Decides to remain seized of the matter.
"""

SECOND_DRAFT = """Safety of journalists

The Human Rights Council,

Guided by the Charter of the United Nations,

Deeply concerned by attacks on journalists and media workers,

1. Urges all States to protect journalists;

2. Calls upon States to review their legislation;

3. Requests the Secretary-General to report on this matter;

4. Decides to remain seized of the matter.
"""

HOSTILE_DRAFT = """Hostile text

The Human Rights Council,

Recalling <script>window.__pwned=1</script> its earlier resolutions,

1. Urges <img src=x onerror="window.__pwned=1"> all States to act;

2. Decides to remain seized of the matter.
"""


DROP_FILE = """text => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "zero.txt", { type: "text/plain" }));
    const zone = document.querySelector(".drop-zone");
    for (const type of ["dragover", "drop"]) {
        const init = { dataTransfer: transfer, bubbles: true, cancelable: true };
        zone.dispatchEvent(new DragEvent(type, init));
    }
}"""


def open_view(page: Page, hash_path: str) -> None:
    """Go to `hash_path` in the app and wait until that view has rendered."""
    page.goto(page.url.split("#")[0] + hash_path)
    page.wait_for_function("hash => document.body.dataset.rendered === hash", arg=hash_path)


def create_negotiation(page: Page, title: str) -> str:
    """Create a negotiation through the form; return its slug."""
    open_view(page, "#/")
    form = page.get_by_role("form", name="New negotiation")
    form.get_by_label("Title").fill(title)
    form.get_by_label("Body", exact=True).fill("HRC")
    form.get_by_label("Session").fill("60")
    form.get_by_label("Penholders").fill("Greece, Netherlands")
    form.get_by_role("button", name="Create negotiation").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    match = re.search(r"#/n/([^/]+)$", page.url)
    assert match, page.url
    return match.group(1)


def upload_draft(page: Page, path: Path, label: str, stage: str) -> None:
    """Upload a draft through the form on the negotiation page."""
    form = page.get_by_role("form", name="Upload a draft")
    form.locator("input[type=file]").set_input_files(str(path))
    form.get_by_label("Label").fill(label)
    form.get_by_label("Stage").select_option(stage)
    form.get_by_role("button", name="Upload draft").click()
    expect(page.locator(".timeline .draft-card h3", has_text=label)).to_be_visible()


@pytest.fixture(scope="module")
def journalists(server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Two small drafts written to files, for the upload tests."""
    folder = tmp_path_factory.mktemp("drafts")
    (folder / "zero.txt").write_text(FIRST_DRAFT, encoding="utf-8")
    (folder / "rev1.txt").write_text(SECOND_DRAFT, encoding="utf-8")
    (folder / "hostile.txt").write_text(HOSTILE_DRAFT, encoding="utf-8")
    (folder / "draft.pdf").write_bytes(b"%PDF-1.4 not a draft")
    return {
        name: str(folder / name) for name in ("zero.txt", "rev1.txt", "hostile.txt", "draft.pdf")
    }


@pytest.fixture(scope="module")
def uploaded(server: Server) -> str:
    """A negotiation with the two small drafts, uploaded through the API."""
    status, body = server.api(
        "POST", "/negotiations", {"title": "Journalists (API)", "body": "HRC"}
    )
    assert status == 201, body
    slug: str = body["slug"]  # type: ignore[index]
    server.upload(slug, "zero.txt", FIRST_DRAFT.encode(), {"label": "Zero draft", "stage": "zero"})
    server.upload(slug, "rev1.txt", SECOND_DRAFT.encode(), {"label": "Rev.1"})
    return slug


@pytest.fixture(scope="module")
def sample(server: Server) -> str:
    """The sample negotiation from sample_drafts/, uploaded in order."""
    return load_sample_negotiation(server)


def test_signing_in_with_a_token_shows_the_negotiations(page: Page, server: Server) -> None:
    expect(page.get_by_role("heading", name="Sign in to Penholder")).to_be_visible()
    page.get_by_label("API token").fill("ph_wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That token was not accepted")).to_be_visible()
    page.get_by_label("API token").fill(server.token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Negotiations", level=1)).to_be_visible()
    stored = page.evaluate(
        "JSON.stringify([{...localStorage}, {...sessionStorage}, document.cookie])"
    )
    assert server.token not in stored  # the session lives in an HttpOnly cookie
    cookie = next(c for c in page.context.cookies() if c["name"] == "penholder_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/api/"


def test_a_token_link_signs_in_and_leaves_the_address(page: Page, server: Server) -> None:
    page.goto(f"{server.base}/#token={server.token}")
    expect(page.get_by_role("heading", name="Negotiations", level=1)).to_be_visible()
    assert "token" not in page.url
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Penholder")).to_be_visible()
    assert not [c for c in page.context.cookies() if c["name"] == "penholder_session"]
    page.reload()
    expect(page.get_by_role("heading", name="Sign in to Penholder")).to_be_visible()


def test_creating_a_negotiation_and_uploading_two_drafts(
    signed_in: Page, journalists: dict[str, str]
) -> None:
    page = signed_in
    slug = create_negotiation(page, "Safety of journalists")
    upload_draft(page, Path(journalists["zero.txt"]), "Zero draft", "zero")
    upload_draft(page, Path(journalists["rev1.txt"]), "Rev.1", "revision")
    rev1 = page.locator(".draft-card", has_text="Rev.1")
    expect(rev1).to_contain_text("Against Zero draft")
    expect(rev1).to_contain_text("1 added, 1 deleted, 2 modified")
    open_view(page, "#/")
    page.get_by_label("Search negotiations").fill("nothing like this")
    expect(page.get_by_text("No negotiation matches")).to_be_visible()
    page.get_by_label("Search negotiations").fill("journalists")
    expect(page.get_by_role("link", name="Safety of journalists")).to_be_visible()
    assert slug


def test_a_draft_can_be_dropped_on_the_upload_form(signed_in: Page, server: Server) -> None:
    status, body = server.api("POST", "/negotiations", {"title": "Dropped drafts", "body": "GA"})
    assert status == 201, body
    page = signed_in
    open_view(page, f"#/n/{body['slug']}")  # type: ignore[index]
    page.evaluate(DROP_FILE, FIRST_DRAFT)
    form = page.get_by_role("form", name="Upload a draft")
    expect(form.locator(".drop-chosen")).to_contain_text("zero.txt")
    form.get_by_label("Label").fill("Zero draft")
    form.get_by_role("button", name="Upload draft").click()
    expect(page.locator(".draft-card")).to_contain_text("8 paragraphs")


def test_a_bad_sign_in_link_returns_to_the_sign_in_form(page: Page, server: Server) -> None:
    page.goto(server.base + "/#token=ph_expired")
    expect(page.get_by_role("heading", name="Sign in to Penholder")).to_be_visible()
    expect(page.locator("#error")).to_contain_text("This sign-in link did not work")
    assert "token" not in page.url


def test_an_unreadable_upload_is_refused_in_plain_words(
    signed_in: Page, uploaded: str, journalists: dict[str, str]
) -> None:
    page = signed_in
    open_view(page, f"#/n/{uploaded}")
    form = page.get_by_role("form", name="Upload a draft")
    form.locator("input[type=file]").set_input_files(journalists["draft.pdf"])
    form.get_by_label("Label").fill("Rev.2")
    form.get_by_role("button", name="Upload draft").click()
    expect(form.get_by_role("alert")).to_contain_text("This PDF is damaged and cannot be read")


def test_the_comparison_shows_the_right_counts_and_marks(signed_in: Page, uploaded: str) -> None:
    page = signed_in
    open_view(page, f"#/n/{uploaded}/compare/1/2")
    bar = page.get_by_role("region", name="Summary of changes")
    for kind, count in {"added": 1, "deleted": 1, "modified": 2, "moved": 0}.items():
        expect(bar.locator(f"[data-kind={kind}] dd")).to_have_text(str(count))
    expect(bar.locator("[data-kind=words] ins")).to_have_text(re.compile(r"^\+\d+$"))
    calls = page.locator("article.change", has_text="review their legislation")
    expect(calls.locator("del")).to_have_text("Encourages")
    expect(calls.locator("ins")).to_have_text("Calls upon")
    expect(page.locator("article.change.kind-added")).to_contain_text(
        "Requests the Secretary-General"
    )
    expect(page.locator("article.change.kind-deleted del")).to_contain_text(
        "Recalling its resolution 51/9"
    )

    expect(page.locator("article.change")).to_have_count(4)  # changes only, by default
    expect(page.get_by_label("Unchanged (5)")).not_to_be_checked()
    page.get_by_label("Added (1)").uncheck()
    expect(page.locator("article.change")).to_have_count(3)

    page.locator("body").press("j")
    expect(page.locator("article.change").first).to_be_focused()
    page.locator("body").press("j")
    expect(page.locator("article.change").nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator("article.change").first).to_be_focused()

    page.emulate_media(media="print")
    expect(page.locator(".compare-tools")).to_be_hidden()
    expect(page.locator(".filters")).to_be_hidden()
    expect(calls.locator("ins")).to_be_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Side by side").click()
    side = page.locator("article.change", has_text="review their legislation")
    expect(side.locator(".side-from del")).to_have_text("Encourages")
    expect(side.locator(".side-to ins")).to_have_text("Calls upon")
    expect(page.locator("article.change")).to_have_count(3)  # the filters came along
    page.reload()
    expect(page.locator(".changes.mode-side")).to_be_visible()
    expect(page.get_by_label("Added (1)")).not_to_be_checked()


def test_a_paragraph_history_shows_each_draft(signed_in: Page, uploaded: str) -> None:
    page = signed_in
    open_view(page, f"#/n/{uploaded}/compare/1/2")
    page.locator("article.change", has_text="review their legislation").get_by_role(
        "link", name="OP2"
    ).click()
    expect(page.get_by_role("heading", name=re.compile("OP2"), level=1)).to_be_visible()
    entries = page.locator(".history-entry")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("Zero draft")
    expect(entries.nth(1).locator("ins")).to_have_text("Calls upon")
    page.reload()
    expect(page.locator(".history-entry")).to_have_count(2)


def test_the_map_opens_a_paragraph_history(signed_in: Page, uploaded: str) -> None:
    page = signed_in
    open_view(page, f"#/n/{uploaded}/map")
    table = page.locator("table.map")
    expect(table.locator("thead th")).to_have_count(3)
    table.locator("td.kind-added a").first.click()
    expect(page.locator(".history-entry").first).to_be_visible()


def test_tagging_a_hunk_shows_the_chip_after_a_reload(signed_in: Page, uploaded: str) -> None:
    page = signed_in
    open_view(page, f"#/n/{uploaded}/compare/1/2")
    change = page.locator("article.change", has_text="review their legislation")
    change.locator(".hunk").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("combobox").fill("Europe")
    dialog.get_by_role("option", name=re.compile("European Union")).click()
    dialog.get_by_role("button", name="Tag").click()
    expect(dialog).to_be_hidden()
    page.reload()
    change = page.locator("article.change", has_text="review their legislation")
    expect(change.locator(".chip")).to_contain_text("EU")
    expect(change.locator(".hunk-tags")).to_have_text("EU")
    page.get_by_label("Asked for by").select_option("EU")
    expect(page.locator("article.change")).to_have_count(1)
    page.get_by_label("Asked for by").select_option("")

    change.locator(".hunk").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Remove European Union").click()
    expect(page.get_by_role("dialog")).to_contain_text("Nobody is tagged yet")
    page.keyboard.press("Escape")
    page.reload()
    change = page.locator("article.change", has_text="review their legislation")
    expect(change.locator(".hunk-tags")).to_have_count(0)


def test_adding_a_proposal_and_changing_its_status(signed_in: Page, uploaded: str) -> None:
    page = signed_in
    open_view(page, f"#/n/{uploaded}/history/OP2")
    panel = page.get_by_role("region", name="Proposals on OP2")
    expect(panel).to_contain_text("No proposals on this paragraph yet")
    panel.get_by_role("combobox", name="Proposed by").fill("Russia")
    panel.get_by_role("option", name=re.compile("Russian Federation")).click()
    panel.get_by_label("Action").select_option("replace")
    panel.get_by_label("Words to replace").fill("Calls upon")
    panel.get_by_label("Proposed text").fill("Invites")
    panel.get_by_label("Source").fill("informal-2")
    panel.get_by_role("button", name="Add proposal").click()
    card = panel.locator("article.proposal")
    expect(card).to_have_count(1)
    expect(card.locator(".chip")).to_contain_text("RUS")
    expect(card.locator("ins")).to_have_text("Invites")
    card.get_by_role("combobox").select_option("rejected")
    expect(page.get_by_role("status")).to_contain_text("rejected")
    page.reload()
    expect(page.locator("article.proposal select")).to_have_value("rejected")

    open_view(page, f"#/n/{uploaded}/proposals")
    page.get_by_label("Status", exact=True).select_option("accepted")
    expect(page.locator("article.proposal")).to_have_count(0)
    page.get_by_label("Status", exact=True).select_option("rejected")
    expect(page.locator("article.proposal")).to_have_count(1)
    page.get_by_role("link", name="OP2").click()
    expect(page.get_by_role("heading", name=re.compile("OP2"), level=1)).to_be_visible()

    open_view(page, f"#/n/{uploaded}/map")
    row = page.locator(".record-table tr", has_text="Russian Federation")
    expect(row.locator("td.col-rejected")).to_have_text("1")
    expect(row.locator("td.col-accepted")).to_have_text("0")


def test_downloading_the_redline(signed_in: Page, uploaded: str) -> None:
    page = signed_in
    open_view(page, f"#/n/{uploaded}/compare/1/2")
    with page.expect_download() as info:
        page.get_by_role("button", name="Word: redline").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    assert Path(download.path()).read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("button", ["Word: clean text", "Word: compilation"])
def test_downloading_a_draft(signed_in: Page, uploaded: str, button: str) -> None:
    page = signed_in
    open_view(page, f"#/n/{uploaded}")
    card = page.locator(".draft-card", has_text="Rev.1")
    with page.expect_download() as info:
        card.get_by_role("button", name=button).click()
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"
    expect(page.get_by_role("status")).to_contain_text("Downloaded")


def test_draft_text_is_shown_as_text_and_runs_nothing(
    signed_in: Page, server: Server, journalists: dict[str, str]
) -> None:
    page = signed_in
    slug = create_negotiation(page, "Hostile input")
    upload_draft(page, Path(journalists["zero.txt"]), "Zero draft", "zero")
    upload_draft(page, Path(journalists["hostile.txt"]), "Hostile", "revision")
    for view in ("draft/2", "compare/1/2", "compare/1/2/side"):
        open_view(page, f"#/n/{slug}/{view}")
        expect(
            page.get_by_text("<script>window.__pwned=1</script>", exact=False).first
        ).to_be_visible()
        expect(
            page.get_by_text('<img src=x onerror="window.__pwned=1">', exact=False).first
        ).to_be_visible()
        assert page.locator("main script, main img").count() == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"


def test_a_narrow_screen_has_no_sideways_scrolling(signed_in: Page, uploaded: str) -> None:
    page = signed_in
    page.set_viewport_size({"width": 400, "height": 800})
    views = {
        "#/": "table.data",
        f"#/n/{uploaded}": ".timeline",
        f"#/n/{uploaded}/compare/1/2/side": "article.change",
        f"#/n/{uploaded}/map": "table.map",
    }
    for view, ready in views.items():
        open_view(page, view)
        page.locator(ready).first.wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, f"{view} is {width} px wide at a 400 px viewport"


def test_time_to_render_the_sample_comparison_after_its_data_arrives(
    signed_in: Page, server: Server, sample: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Measured, not asserted (speed is never a test): the zero draft → adopted comparison,
    from the moment its data arrives to the DOM built, over five loads (README, Benchmarks)."""
    _, negotiation = server.api("GET", f"/negotiations/{sample}")
    drafts = negotiation["drafts"]  # type: ignore[index]
    first, last = drafts[0]["seq"], drafts[-1]["seq"]
    _, comparison = server.api("GET", f"/negotiations/{sample}/compare?from={first}&to={last}")
    changed = [c for c in comparison["changes"] if c["kind"] != "unchanged"]  # type: ignore[index]
    page = signed_in
    runs = []
    for attempt in range(5):
        page.goto(f"{server.base}/?fresh={attempt}#/n/{sample}/compare/{first}/{last}")
        page.wait_for_selector("body[data-compare-rendered]")
        runs.append(
            page.evaluate(
                """() => ({
                    dom: performance.getEntriesByName('compare-dom').at(-1).duration,
                    view: performance.getEntriesByName('compare-render').at(-1).duration,
                    painted: performance.getEntriesByName('compare-painted').at(-1).startTime,
                    changes: document.querySelectorAll('article.change').length,
                })"""
            )
        )
    dom = sorted(r["dom"] for r in runs)[len(runs) // 2]
    view = sorted(r["view"] for r in runs)[len(runs) // 2]
    with capsys.disabled():
        print(
            f"\nsample comparison {drafts[0]['label']} → {drafts[-1]['label']}: "
            f"{runs[0]['changes']} changes shown; render after the data arrived: median "
            f"{dom:.1f} ms (max {max(r['dom'] for r in runs):.1f}); fetch + render {view:.0f} ms"
        )
    assert all(r["changes"] == len(changed) for r in runs)


LABELLED = """() => [...document.querySelectorAll("main input, main select, main textarea")]
    .filter((c) => c.type !== "hidden" && !c.closest("[hidden]"))
    .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute("aria-label")
        && !c.getAttribute("aria-labelledby"))
    .map((c) => c.outerHTML.slice(0, 120))"""


def test_every_control_has_a_label(signed_in: Page, uploaded: str) -> None:
    page = signed_in
    for view, ready in {
        "#/": "table.data",
        f"#/n/{uploaded}": ".timeline",
        f"#/n/{uploaded}/compare/1/2": "article.change",
        f"#/n/{uploaded}/history/OP2": ".history-entry",
    }.items():
        open_view(page, view)
        page.locator(ready).first.wait_for()
        assert page.evaluate(LABELLED) == [], view
