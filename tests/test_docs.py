"""The README holds: its first commands, its command, endpoint and settings tables match the app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


def test_every_setting_is_in_the_readme_table_with_its_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documented = _settings_table()
    fields = {f"PENHOLDER_{name.upper()}": name for name in Settings.model_fields}
    missing = sorted(fields.keys() - documented.keys())
    assert not missing, f"settings missing from the README: {missing}"
    stale = sorted(documented.keys() - fields.keys())
    assert not stale, f"README documents settings the app does not have: {stale}"
    for variable, default in documented.items():
        monkeypatch.setenv(variable, default)
        name = fields[variable]
        read = getattr(Settings(), name)
        assert read == Settings.model_fields[name].default, f"{variable}: README says {default}"


def _settings_table() -> dict[str, str]:
    """The README's Settings table as {variable: default as written}."""
    section = README.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]
    table = {}
    for row in rows:
        match = re.match(r"^\| `(PENHOLDER_[A-Z0-9_]+)` \| `([^`]*)` \| [^|]+ \|$", row)
        assert match, f"a Settings row the test cannot read: {row}"
        table[match.group(1)] = match.group(2)
    assert len(table) == len(rows), "a setting is listed twice in the README"
    return table


def test_every_benchmark_is_named_in_the_readme() -> None:
    benchmarks = README.split("## Benchmarks", 1)[1]
    for script in (Path(__file__).resolve().parent / "bench").glob("bench_*.py"):
        name = script.stem.removeprefix("bench_")
        assert f"`{name}`" in benchmarks, f"penholder bench {name} is not in the README"
