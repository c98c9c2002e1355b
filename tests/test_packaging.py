"""A wheel built from this tree ships the sample negotiation and the benchmarks, and runs both."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.test_cli import SAMPLE_LABELS, demo_draft_labels

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCE = shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "*.db*"
)

pytestmark = pytest.mark.slow


def run(*command: str | Path, cwd: Path | None = None) -> str:
    """Run a command; its stdout, or the test fails with its stderr."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built by pip from a copy of this tree, so the build writes nothing into it."""
    work = tmp_path_factory.mktemp("packaging")
    shutil.copytree(ROOT, work / "source", ignore=NOT_SOURCE)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work, work / "source")
    [built] = work.glob("penholder-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment holding the wheel, and not this clone.

    Its dependencies are this environment's site-packages, named as a plain path in a .pth file:
    a folder added so has its own .pth files ignored, so an editable install of this clone there
    cannot answer for the wheel.
    """
    venv = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    Path(purelib.strip(), "dependencies.pth").write_text(
        "\n".join(dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib")))
    )
    run(python, "-m", "pip", "install", "-q", "--no-deps", wheel)
    return venv / "bin"


def wheel_files(wheel: Path) -> set[str]:
    """The paths of the files in a wheel."""
    return set(zipfile.ZipFile(wheel).namelist())


def files_in(folder: Path, pattern: str = "*") -> set[Path]:
    """The files under `folder` matching `pattern`, without bytecode."""
    return {p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_ships_every_sample_draft_and_every_benchmark(wheel: Path) -> None:
    shipped = wheel_files(wheel)
    samples = {
        f"app/sample_drafts/{p.relative_to(ROOT / 'sample_drafts').as_posix()}"
        for p in files_in(ROOT / "sample_drafts")
    }
    benchmarks = {f"app/bench/{p.name}" for p in files_in(ROOT / "tests" / "bench", "*.py")}
    assert "app/sample_drafts/record.json" in samples and "app/bench/bench_parsing.py" in benchmarks
    assert sorted(samples - shipped) == []
    assert sorted(benchmarks - shipped) == []


def test_the_wheel_ships_every_file_of_app_and_migrations(wheel: Path) -> None:
    sources = {
        str(p.relative_to(ROOT))
        for folder in ("app", "migrations")
        for p in files_in(ROOT / folder)
    }
    assert {"app/web/index.html", "app/data/delegations.json", "app/bundled.py"} <= sources
    assert sorted(sources - wheel_files(wheel)) == []


def test_the_installed_wheel_finds_its_folders_inside_itself(
    installed: Path, tmp_path: Path
) -> None:
    found = run(
        installed / "python",
        "-c",
        "from app.bundled import *; print(sample_drafts_folder(), benchmarks_folder())",
        cwd=tmp_path,
    ).split()
    venv = installed.parent.resolve()
    assert [Path(f).resolve().relative_to(venv).parts[-2:] for f in found] == [
        ("app", "sample_drafts"),
        ("app", "bench"),
    ]


def test_the_installed_wheel_runs_a_benchmark_on_the_sample_drafts(
    installed: Path, tmp_path: Path
) -> None:
    table = run(installed / "penholder", "bench", "--quick", "parsing", cwd=tmp_path)
    assert "== parsing ==" in table
    for name in ("01-zero-draft.txt", "05-adopted.txt", "generated typical"):
        assert name in table


def test_the_installed_wheel_serves_the_demo(installed: Path, tmp_path: Path) -> None:
    assert demo_draft_labels([str(installed / "penholder")], tmp_path) == SAMPLE_LABELS
