"""Benchmark of the Word redline export, a script and not a test.

Run `python tests/bench/bench_export.py [--paragraphs N] [--repeat R]` from the repository root.

Builds two synthetic drafts of N paragraphs (default 1,000: 40 preambular, the rest operative
paragraphs with (a)/(b) sub-paragraphs, a footnote every 50 paragraphs); the second modifies
about 30% of the paragraphs (word replacements and insertions, authored by rotating
delegations), adds, deletes and moves a few. Word diffs come from `app.core.diffing` and are
computed once, outside the timing. Prints the median and fastest wall time, and the median
CPU time (steadier on a busy machine), of `export_redline`, and of `export_clean_draft` and
`export_compilation` for scale.
Target: redline under two seconds for 1,000 paragraphs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from app.core.diffing import diff_paragraph
from app.core.export.clean import export_clean_draft
from app.core.export.compilation import CompiledProposal, export_compilation
from app.core.export.docx_layout import DocumentHeading
from app.core.export.redline import RedlineChange, export_redline
from app.core.model import Draft, Footnote, Paragraph
from app.core.vocabulary import ParagraphKind

WORDS = (
    *("all", "States", "the", "Human", "Rights", "Council", "to", "promote", "and", "protect"),
    *("human", "rights", "defenders", "in", "accordance", "with", "international", "law"),
    *("including", "civil", "society", "space", "women", "girls", "measures"),
)
LEADS = ["Welcomes", "Urges", "Calls upon", "Encourages", "Requests", "Decides"]
DELEGATIONS = ["European Union", "Mexico; Chile", "Russian Federation", "African Group", None]
HEADING = DocumentHeading(symbol="A/HRC/58/L.22/Rev.1", date="28 November 2026", label="Rev.1")


def sentence(rng: random.Random, words: int) -> str:
    """Some resolution-like words."""
    return " ".join(rng.choice(WORDS) for _ in range(words))


def numbered(paragraphs: list[Paragraph]) -> tuple[Paragraph, ...]:
    """Operative paragraphs numbered 1., 2.… and sub-paragraphs (a), (b) under each."""
    out, op, sub = [], 0, 0
    for p in paragraphs:
        if p.kind is ParagraphKind.OPERATIVE:
            op, sub = op + 1, 0
            out.append(replace(p, number=f"{op}.", label=f"OP{op}"))
        elif p.kind is ParagraphKind.SUBPARAGRAPH:
            sub += 1
            letter = chr(ord("a") + (sub - 1) % 26)
            out.append(replace(p, number=f"({letter})", label=f"OP{op}({letter})"))
        else:
            out.append(p)
    return tuple(out)


def base_draft(rng: random.Random, count: int) -> Draft:
    """A synthetic draft of `count` paragraphs."""
    paragraphs = []
    for index in range(count):
        note = (
            (Footnote(str(index // 50 + 1), f"A/RES/{70 + index}/1.", -1),)
            if index % 50 == 7
            else ()
        )
        if index < 40:
            text = f"Recalling {sentence(rng, 25)},"
            paragraphs.append(
                Paragraph(
                    ParagraphKind.PREAMBULAR,
                    f"PP{index + 1}",
                    "",
                    "Recalling",
                    text,
                    footnotes=note,
                )
            )
        elif index % 4 in (1, 2) and paragraphs[-1].kind is not ParagraphKind.PREAMBULAR:
            paragraphs.append(
                Paragraph(ParagraphKind.SUBPARAGRAPH, "", "", "", f"{sentence(rng, 15)};", 1)
            )
        else:
            lead = rng.choice(LEADS)
            text = f"{lead} {sentence(rng, 30)};"
            paragraphs.append(
                Paragraph(ParagraphKind.OPERATIVE, "", "", lead, text, footnotes=note)
            )
    return Draft(paragraphs=numbered(paragraphs))


def edited(rng: random.Random, text: str) -> str:
    """The text with one or two words replaced and a phrase inserted."""
    words = text.split(" ")
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(1, len(words) - 1)
        words[at] = rng.choice(WORDS)
    words.insert(rng.randrange(1, len(words) - 1), sentence(rng, 3))
    return " ".join(words)


def revised(rng: random.Random, old: Draft) -> tuple[Draft, list[RedlineChange]]:
    """A revision of `old` (~30% modified, some added, deleted, moved) and its changes."""
    new: list[Paragraph] = []
    changes: list[RedlineChange] = []
    moved_out: list[int] = []
    for index, p in enumerate(old.paragraphs):
        roll = rng.random()
        if roll < 0.02 and p.kind is ParagraphKind.OPERATIVE:
            changes.append(RedlineChange("deleted", (index,), (), author=rng.choice(DELEGATIONS)))
            continue
        if roll < 0.03 and p.kind is ParagraphKind.OPERATIVE:
            moved_out.append(index)
            continue
        if roll < 0.33:
            text = edited(rng, p.text)
            diff = diff_paragraph(p.text, text)
            authors = tuple(rng.choice(DELEGATIONS) for _ in diff.hunks)
            changes.append(RedlineChange("modified", (index,), (len(new),), diff, authors))
            new.append(replace(p, text=text))
        else:
            changes.append(RedlineChange("unchanged", (index,), (len(new),)))
            new.append(p)
        if roll > 0.98 and p.kind is ParagraphKind.OPERATIVE:
            text = f"Urges {sentence(rng, 20)};"
            changes.append(RedlineChange("added", (), (len(new),), author=rng.choice(DELEGATIONS)))
            new.append(Paragraph(ParagraphKind.OPERATIVE, "", "", "Urges", text))
    for index in moved_out:
        changes.append(RedlineChange("moved", (index,), (len(new),), author="Brazil"))
        new.append(old.paragraphs[index])
    return Draft(paragraphs=numbered(new)), changes


def timings_ms(work: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median and fastest wall time, and median CPU time, of `work`, in milliseconds."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    """Print the exports' timings; return 0."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(20261128)
    old = base_draft(rng, args.paragraphs)
    new, changes = revised(rng, old)
    kinds: dict[str, int] = {}
    for change in changes:
        kinds[str(change.kind)] = kinds.get(str(change.kind), 0) + 1
    raw = export_redline(old, new, changes, HEADING, "2026-11-28", "Norway")
    print(f"drafts: {len(old.paragraphs)} -> {len(new.paragraphs)} paragraphs; changes {kinds}")
    print(f"redline: {len(raw) / 1024:.0f} KiB")
    median, best, cpu = timings_ms(
        lambda: export_redline(old, new, changes, HEADING, "2026-11-28", "Norway"), args.repeat
    )
    print(
        f"export_redline:     median {median:.0f} ms, fastest {best:.0f} ms, "
        f"CPU {cpu:.0f} ms (target < 2000 ms)"
    )
    median, best, cpu = timings_ms(lambda: export_clean_draft(new, HEADING), args.repeat)
    print(f"export_clean_draft: median {median:.0f} ms, fastest {best:.0f} ms, CPU {cpu:.0f} ms")
    proposals = [
        CompiledProposal(i, ("Mexico",), "insert", text=" as appropriate")
        for i in range(0, len(new.paragraphs), 3)
    ]
    median, best, cpu = timings_ms(lambda: export_compilation(new, proposals, HEADING), args.repeat)
    print(
        f"export_compilation: median {median:.0f} ms, fastest {best:.0f} ms, CPU {cpu:.0f} ms "
        f"({len(proposals)} proposals)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
