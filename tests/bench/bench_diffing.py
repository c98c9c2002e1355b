"""Micro-benchmark of `diff_paragraph`, a script and not a test.

Run `python tests/bench/bench_diffing.py` from the repository root.

Prints the fastest and the median time per call, in milliseconds, for the paragraph shapes a
comparison meets: a 150-word paragraph with three word edits, a 300-word paragraph with one, a
300-word paragraph rewritten heavily, unrelated 300- and 1,000-word pairs, identical texts.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

from app.core.diffing import diff_paragraph
from app.core.script import diff_tokens as tokenize

VOCABULARY = """
the council encourages urges all states member to promote protect human rights defenders and in
accordance with international law including resolution calls upon governments recalling
reaffirming recognizing further decides request secretary general report session its on of for
a an civil society space women girls take effective measures ensure
"""
WORDS = VOCABULARY.split()


def paragraph(rng: random.Random, words: int) -> str:
    """A resolution-like paragraph of `words` words with commas now and then."""
    out = []
    for i in range(words):
        out.append(rng.choice(WORDS) + ("," if i % 17 == 16 else ""))
    return " ".join(out) + ";"


def edited(rng: random.Random, text: str, edits: int) -> str:
    """`text` with `edits` words replaced by others."""
    words = text.split(" ")
    for i in rng.sample(range(len(words)), edits):
        words[i] = rng.choice(WORDS) + "-x"
    return " ".join(words)


def timings_ms(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The fastest and the median wall time of `call`, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    """Print one line per case (`argv` is accepted for `penholder bench`; no options)."""
    rng = random.Random(7)
    p150 = paragraph(rng, 150)
    p300 = paragraph(rng, 300)
    p1000 = paragraph(rng, 1000)
    cases = {
        "150 words, 3 word edits": (p150, edited(rng, p150, 3)),
        "300 words, 1 word edit": (p300, edited(rng, p300, 1)),
        "300 words, heavily rewritten (1 word in 2)": (p300, edited(rng, p300, 150)),
        "300 words against another 300 words": (p300, paragraph(rng, 300)),
        "1,000 words against another 1,000 words": (p1000, paragraph(rng, 1000)),
        "300 words, identical": (p300, p300),
    }
    for name, (old, new) in cases.items():
        repeat = 5 if "1,000" in name else 50
        fastest, median = timings_ms(partial(diff_paragraph, old, new), repeat)
        sizes = f"{len(tokenize(old))} / {len(tokenize(new))} tokens"
        print(f"{name:44} {fastest:7.3f} ms fastest {median:7.3f} ms median  ({sizes})")
    fastest, median = timings_ms(partial(tokenize, p300), 200)
    print(f"{'tokenize, 300 words':44} {fastest:7.3f} ms fastest {median:7.3f} ms median")
    return 0


if __name__ == "__main__":
    sys.exit(main())
