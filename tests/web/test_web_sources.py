"""The web app's sources: no HTML strings from data, nothing the CSP would refuse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "app" / "web"
SCRIPTS = sorted(WEB.rglob("*.js"))
HTML_SINKS = re.compile(
    r"\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write|\beval\(|new Function\("
)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(WEB)))
def test_scripts_never_build_html_from_strings(script: Path) -> None:
    found = HTML_SINKS.findall(script.read_text(encoding="utf-8"))
    assert not found, f"{script.name} uses {found}: build nodes with textContent instead"


def test_the_page_has_no_inline_script_or_style() -> None:
    html = (WEB / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html and " style=" not in html, "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert "http://" not in html and "https://" not in html, "no CDN"


def test_every_module_is_preloaded() -> None:
    html = (WEB / "index.html").read_text(encoding="utf-8")
    preloaded = set(re.findall(r'rel="modulepreload" href="/([^"]+)"', html))
    modules = {str(p.relative_to(WEB)) for p in SCRIPTS} - {"app.js"}
    assert preloaded == modules
