"""The folders Penholder ships beside its code, found the same way wherever it is installed.

`sample_drafts/` (the sample negotiation) and `tests/bench/` (the benchmarks) stay at the top of
the repository; setup.py maps them into the package as `app.sample_drafts` and `app.bench`, so
a clone installed with `pip install -e .` and a wheel installed with `pip install .` both find
them through the import system, never through a path relative to a clone.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample_drafts_folder() -> Path:
    """The sample negotiation: its drafts and `record.json`."""
    return _folder("app.sample_drafts")


def benchmarks_folder() -> Path:
    """The benchmark scripts that `penholder bench` runs."""
    return _folder("app.bench")


def _folder(package: str) -> Path:
    folder = files(package)
    if not isinstance(folder, Path):  # pip always unpacks; only a zipped install gets here
        raise RuntimeError(f"penholder needs {package} unpacked on disk, found {folder!r}")
    return folder
