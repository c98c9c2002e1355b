"""Screenshots of the web app's main views, with the sample negotiation loaded.

    python tests/web/screenshots.py [OUT_DIR] [--width 1280 --height 800] [--narrow]

Starts a server on a fresh database, uploads sample_drafts/ in order and imports the demo
library (sample_drafts/library/), and writes PNGs of the negotiation list, the drafts timeline,
the comparison (inline with a move shown at both ends, side by side, one step, and with agreed
and new language marked), a paragraph's history, the map, the proposals, the search and the
lineage correction into OUT_DIR (default: a new temporary directory). Prints each path.
`--base URL --token TOKEN --slug SLUG` reuses a running server instead.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from playwright.sync_api import Page, sync_playwright

from tests.web.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    load_sample_library,
    load_sample_negotiation,
    running_server,
)


@contextmanager
def sample_server(args: argparse.Namespace) -> Iterator[tuple[Server, str]]:
    """The server to photograph: a given one, or a fresh one with the sample loaded."""
    if args.base:
        yield Server(base=args.base.rstrip("/"), token=args.token), args.slug
        return
    with running_server() as server:
        slug = load_sample_negotiation(server)
        load_sample_library(server)
        yield server, slug


Act = Callable[[Page], None]


def shoot(
    page: Page,
    out: Path,
    name: str,
    hash_path: str,
    ready: str,
    full: bool,
    keys: str = "",
    act: Act | None = None,
) -> Path:
    """Open `hash_path`, wait for `ready`, press `keys` (or `act`), save a PNG named `name`."""
    page.goto(page.url.split("#")[0] + hash_path)
    page.wait_for_function(
        "hash => document.body.dataset.rendered === hash", arg=hash_path.split("?")[0]
    )
    page.wait_for_selector(ready)
    for key in keys:
        page.keyboard.press(key)
    if act:
        act(page)
    page.wait_for_timeout(150)
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path


def shoot_agreed(page: Page, out: Path, name: str, slug: str, seq: int) -> Path:
    """The comparison of draft `seq` with the next, its inserted words marked agreed or new,
    the first agreed insertion focused so that its sources show."""
    hash_path = f"#/n/{slug}/compare/{seq}/{seq + 1}"
    page.goto(page.url.split("#")[0] + hash_path)
    page.wait_for_function("hash => document.body.dataset.rendered === hash", arg=hash_path)
    page.wait_for_selector(".agreed-mark")
    page.locator("label.kind-unchanged input").uncheck()  # the changed paragraphs only
    agreed = page.locator(".hunk.agreed").first
    agreed.evaluate("node => node.closest('article').scrollIntoView({block: 'center'})")
    agreed.evaluate("node => node.focus({preventScroll: true})")
    page.wait_for_timeout(150)
    path = out / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def correct_a_lineage(page: Page) -> None:
    """Open the lineage correction on Rev.1's split of OP10 and pick OP10 bis."""
    card = page.locator("article.change", has_text="OP10 bis").first
    card.locator("button", has_text="Correct lineage").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("select[name=paragraph]").select_option(index=1)
    page.wait_for_timeout(100)


def main() -> None:
    """Take the screenshots and print their paths."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", help="folder for the PNGs (default: a temp dir)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--narrow", action="store_true", help="also shoot at 400 px wide")
    parser.add_argument("--full", action="store_true", help="whole pages, not the viewport")
    parser.add_argument("--base")
    parser.add_argument("--token")
    parser.add_argument("--slug", default="hrd-hrc58")
    args = parser.parse_args()
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="penholder-shots-"))
    out.mkdir(parents=True, exist_ok=True)
    with sample_server(args) as (server, slug), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        sizes = [("", args.width, args.height)]
        if args.narrow:
            sizes.append(("-narrow", 400, 860))
        status, negotiation = server.api("GET", f"/negotiations/{slug}")
        drafts = negotiation["drafts"]  # type: ignore[index]
        first, last = drafts[0]["seq"], drafts[-1]["seq"]
        status, history = server.api("GET", f"/negotiations/{slug}/paragraphs/OP7/history")
        lineage = history["lineage_id"] if status == 200 else "OP7"  # type: ignore[index]
        compare = f"#/n/{slug}/compare"
        views: list[tuple[str, str, str, str, Act | None]] = [
            ("negotiations", "#/", "table.data", "", None),
            ("timeline", f"#/n/{slug}", ".timeline", "", None),
            (
                "compare-inline",
                f"{compare}/{first + 1}/{first + 2}/inline",
                ".move-origin",
                "",
                None,
            ),
            ("compare-side", f"{compare}/{first}/{last}/side", "article.change", "jjj", None),
            ("compare-step", f"{compare}/{first}/{first + 1}", "article.change", "jjjj", None),
            ("history", f"#/n/{slug}/history/{lineage}", ".history-entry", "", None),
            ("map", f"#/n/{slug}/map", "table.map", "", None),
            ("proposals", f"#/n/{slug}/proposals", ".proposal-list", "", None),
            ("draft", f"#/n/{slug}/draft/{last}", ".document", "", None),
            ("search", f"#/n/{slug}/search?q=strategic+lawsuits", ".hit", "", None),
            ("lineage", f"{compare}/{first}/{first + 1}", "article.change", "", correct_a_lineage),
        ]
        for suffix, width, height in sizes:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{server.base}/#token={server.token}")
            page.wait_for_selector("h1")
            for name, hash_path, ready, keys, act in views:
                print(shoot(page, out, name + suffix, hash_path, ready, args.full, keys, act))
            print(shoot_agreed(page, out, f"compare-agreed{suffix}", slug, first + 1))
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
