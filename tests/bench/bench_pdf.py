"""Benchmark of the PDF reader, a script and not a test.

Run `python tests/bench/bench_pdf.py [--repeat R]` from the repository root, or `penholder bench
pdf`. Needs LibreOffice (soffice) to print the test PDFs, and poppler's `pdftotext` for the
reference figure.

Prints, for a 20-page UN-layout PDF made from the sample drafts (Word export with UN page
furniture, printed by LibreOffice, cached in the temporary folder): the median and fastest wall
time and the median CPU time of `parse_pdf`; the same for `pdftotext` (poppler, text only, no
structure) on the same file; pdfplumber's character extraction alone, when installed (the
other reader considered); and the time of a whole isolated read as an upload does it (a
child process started, the PDF parsed, the draft sent back). Then, for a 500-page PDF, the time
and the peak memory (maximum resident set size) of the child process that reads it. Targets:
at most 300 ms for 20 pages; under 300 MB for 500 pages.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

import pypdfium2 as pdfium  # noqa: E402
from un_layout import convert_to_pdf, long_draft_docx  # noqa: E402

from app.core.parsing.pdf import parse_pdf  # noqa: E402
from app.core.parsing.pdf_safety import PdfLimits  # noqa: E402
from app.services.pdf_isolation import child_command, read_pdf_isolated  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "penholder-bench-pdf"
SIZES = {"p20": 330, "p500": 8_800}  # body paragraphs that print 20 and about 500 pages
LIMITS = PdfLimits(max_pages=1_000, max_seconds=300)


def timings_ms(run: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median and fastest wall time, median CPU time of `repeat` runs, in milliseconds."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls) * 1e3, min(walls) * 1e3, statistics.median(cpus) * 1e3


def fixtures() -> dict[str, Path]:
    """The two bench PDFs, printed by LibreOffice once and kept in the temporary folder."""
    wanted = {name: CACHE / f"{name}.pdf" for name in SIZES}
    missing = {name: long_draft_docx(n) for name, n in SIZES.items() if not wanted[name].exists()}
    if missing:
        convert_to_pdf(missing, CACHE)
    return wanted


# Starts the reader and prints its peak memory. A forked child's ru_maxrss counts the memory of
# the process it was forked from, so the reader is started from this small one, not the bench.
_MEASURE = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "print(usage.ru_maxrss, status)\n"
)


def child_peak(pdf: Path) -> tuple[float, float, int]:
    """Seconds, peak resident memory (MB) and exit status of the isolated reader on one PDF."""
    command, environment = child_command(LIMITS)
    started = time.perf_counter()
    with pdf.open("rb") as source:
        measured = subprocess.run(
            [sys.executable, "-c", _MEASURE, *command],
            stdin=source,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
    peak_kb, status = measured.stdout.split()
    return time.perf_counter() - started, int(peak_kb) / 1024, int(status)


def main(argv: list[str] | None = None) -> int:
    """Print the PDF reader's timings and memory; return 0 (1 without LibreOffice)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="3 runs each")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else args.repeat
    if shutil.which("soffice") is None:
        print("pdf: skipped, LibreOffice (soffice) is needed to print the bench PDFs")
        return 1
    files = fixtures()
    raw = files["p20"].read_bytes()
    draft = parse_pdf(raw, LIMITS)
    pages = [len(pdfium.PdfDocument(path.read_bytes())) for path in files.values()]
    print(
        f"pdf: {pages[0]} pages, {len(raw) / 1024:.0f} KiB, {len(draft.paragraphs)} paragraphs "
        f"(UN layout from the sample drafts, printed by LibreOffice)"
    )
    report = "{}: median {:.1f} ms, fastest {:.1f} ms (median CPU {:.1f} ms)"
    print(report.format("parse_pdf", *timings_ms(lambda: parse_pdf(raw, LIMITS), repeat)))
    if shutil.which("pdftotext"):
        command = ["pdftotext", str(files["p20"]), "-"]
        run = lambda: subprocess.run(command, capture_output=True, check=True)  # noqa: E731
        print(report.format("pdftotext (poppler, reference)", *timings_ms(run, repeat)))
    else:
        print("pdftotext: not installed (apt-get install poppler-utils)")
    try:  # the other candidate reader, measured when installed (it is not a dependency)
        import pdfplumber

        def plumber_chars() -> int:
            with pdfplumber.open(io.BytesIO(raw)) as pdf:
                return sum(len(page.chars) for page in pdf.pages)

        print(
            report.format("pdfplumber, characters only (candidate)", *timings_ms(plumber_chars, 3))
        )
    except ImportError:
        print("pdfplumber: not installed, not compared")
    isolated = lambda: read_pdf_isolated(raw, LIMITS)  # noqa: E731
    print(report.format("read_pdf_isolated (child process)", *timings_ms(isolated, repeat)))
    seconds, peak, status = child_peak(files["p500"])
    size = files["p500"].stat().st_size / 1024
    print(
        f"{pages[1]}-page PDF ({size:.0f} KiB): read in {seconds:.1f} s by the child process, "
        f"peak memory {peak:.0f} MB (exit status {status})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
