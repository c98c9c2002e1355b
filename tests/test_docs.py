"""The README holds: its first commands, its command table and its endpoint table match the app."""

from __future__ import annotations

import re
from pathlib import Path

from app.cli import _parser
from app.main import create_app
from app.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_fresh_machine_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert blocks[:2] == [
        "pip install -e . && penholder demo",
        "pip install -e '.[test]' && pytest",
    ]


def test_every_api_route_is_in_the_readme_table() -> None:
    app = create_app(Settings(database_url="sqlite://"))
    documented = set()
    for methods, path in re.findall(r"^\| ([A-Z, ]+) \| `([^`]+)` \|", README, flags=re.M):
        for method in methods.split(","):
            documented.add((method.strip(), _shape(path.split("?")[0])))
    routes = {
        (method.upper(), _shape(path))
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    missing = sorted(routes - documented)
    assert not missing, f"routes missing from the README: {missing}"
    stale = sorted(documented - routes)
    assert not stale, f"README documents routes the app does not have: {stale}"


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_every_command_is_in_the_readme_table() -> None:
    commands = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"`penholder {name}" in README, f"penholder {name} is not documented"
