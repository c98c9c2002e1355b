"""Benchmark of the Word reader, a script and not a test.

Run `python tests/bench/bench_docx.py [--paragraphs N] [--repeat R]` from the repository root.

Builds a resolution-like .docx with python-docx and lxml (by default 1,000 paragraphs: 40
preambular with italic leads, the rest operative paragraphs and (a)/(b) sub-paragraphs under
real Word automatic numbering, a footnote every 50 paragraphs), then prints the median and the
fastest wall time, and the median CPU time (steadier on a busy machine), of `read_docx_blocks`
and, when `structure_draft` is implemented, of `parse_docx`. Target: under one second for
1,000 paragraphs.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from collections.abc import Callable

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from app.core.parsing.docx import parse_docx, read_docx_blocks

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LEADS = ["Recalling", "Reaffirming", "Welcomes", "Urges", "Calls upon", "Encourages", "Requests"]
VOCABULARY = """
all States the Human Rights Council to promote and protect human rights defenders in accordance
with international law including civil society space women girls measures
"""
WORDS = VOCABULARY.split()
NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    '</w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


def sentence(rng: random.Random, words: int) -> str:
    """Some resolution-like words."""
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _footnotes_part(count: int) -> bytes:
    notes = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> A/RES/{70 + i}/1.</w:t></w:r></w:p></w:footnote>'
        for i in range(1, count + 1)
    )
    return (
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
        f"<w:separator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"
    ).encode()


def build_docx(paragraphs: int = 1_000, seed: int = 1) -> bytes:
    """A resolution-like .docx with automatic numbering, italic leads and footnotes."""
    rng = random.Random(seed)
    document = Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(child)
    notes = 0
    for index in range(paragraphs):
        para = document.add_paragraph()
        lead = para.add_run(rng.choice(LEADS))
        lead.italic = True
        para.add_run(" " + sentence(rng, rng.randint(15, 60)) + (";" if index > 40 else ","))
        if index >= 40:
            num_pr = para._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 1 if index % 4 == 3 else 0
            num_pr.get_or_add_numId().val = 1
        if index % 50 == 25:
            notes += 1
            run = para.add_run()
            ref = run._r.makeelement(qn("w:footnoteReference"), {qn("w:id"): str(notes)})
            run._r.append(ref)
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        _footnotes_part(notes),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def timings_ms(call: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median and fastest wall time, and median CPU time of this process, in milliseconds."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, min(walls) * 1000, statistics.median(cpus) * 1000


def main(argv: list[str] | None = None) -> int:
    """Print the reader's timings; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    raw = build_docx(args.paragraphs)
    blocks = read_docx_blocks(raw)
    numbered = sum(1 for b in blocks if b.number)
    notes = sum(len(b.footnotes) for b in blocks)
    print(
        f"docx: {len(raw) / 1024:.0f} KiB, {len(blocks)} blocks, {numbered} numbered, {notes} notes"
    )
    report = "{}: median {:.1f} ms, fastest {:.1f} ms (median CPU {:.1f} ms)"
    print(
        report.format("read_docx_blocks", *timings_ms(lambda: read_docx_blocks(raw), args.repeat))
    )
    print(report.format("parse_docx", *timings_ms(lambda: parse_docx(raw), args.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
