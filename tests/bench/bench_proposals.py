"""Next-draft benchmark (a script, not a test): `python tests/bench/bench_proposals.py`.

On a fresh SQLite database in a temporary folder, with the first draft of a generated typical
negotiation (`gen_drafts.py`, seed 1: ~65 paragraphs, ~7,000 words) uploaded:

- **apply 50 and store**: 50 pending proposals that do not collide (replace, insert and delete
  on words of different paragraphs, new paragraphs, a deleted paragraph) are recorded, then
  `make_next_draft` applies them and stores the next draft, and the transaction commits;
  median over `--repeat` runs (fresh proposals each run, not timed);
- **dry run of the same**: the preview alone;
- **collisions of 200**: 200 pending proposals on the draft (many on the same paragraphs, a
  tenth of them clashing), then `list_collisions` reads and computes every collision; median.

`main(argv)` is what `penholder bench` calls.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from sqlalchemy import Engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from workload import load_generator  # noqa: E402

from app.core.vocabulary import ProposalAction  # noqa: E402
from app.db.migrate import upgrade_database  # noqa: E402
from app.db.repositories import drafts as drafts_repo  # noqa: E402
from app.db.session import get_engine, transaction  # noqa: E402
from app.services.collisions import list_collisions  # noqa: E402
from app.services.drafts import Upload, upload_draft  # noqa: E402
from app.services.negotiations import NewNegotiation, create_negotiation  # noqa: E402
from app.services.next_draft import NextDraftOrder, make_next_draft  # noqa: E402
from app.services.proposals import NewProposal, create_proposal  # noqa: E402

SLUG = "bench"
ACTOR = "bench"


def _setup(engine: Engine) -> None:
    """The negotiation and its first draft: a generated typical text."""
    text = load_generator().generate("typical", 1).render()
    with transaction(engine, write=True) as session:
        create_negotiation(session, ACTOR, NewNegotiation(title="Bench", body="GA", slug=SLUG))
        upload_draft(session, ACTOR, SLUG, Upload(text.encode(), "v0.txt", "text/plain", "v0"))


def _paragraphs(session: Session) -> list[tuple[str, str]]:
    negotiation = drafts_repo.negotiation_by_slug(session, SLUG)
    draft = drafts_repo.draft_by_seq(session, negotiation, 1)
    return [
        (p.lineage_id, p.text)
        for p in drafts_repo.paragraphs_of_draft(session, draft.id)
        if p.kind in ("preambular", "operative")
    ]


def _proposals(session: Session, count: int, rng: random.Random, clashing: float) -> list[int]:
    """Record `count` pending proposals on draft 1; `clashing` of them reuse another's words."""
    paragraphs = _paragraphs(session)
    ids: list[int] = []
    spans: list[tuple[str, str]] = []
    for k in range(count):
        lineage, text = paragraphs[k % len(paragraphs)]
        words = text.split()
        if spans and rng.random() < clashing:
            lineage, find = rng.choice(spans)
        else:
            at = (k // len(paragraphs)) * 4 % max(1, len(words) - 3)
            find = " ".join(words[at : at + 2])
        action = (ProposalAction.REPLACE, ProposalAction.INSERT, ProposalAction.DELETE)[k % 3]
        new = NewProposal(
            delegations=("EU",),
            action=action,
            draft=1,
            lineage_id=lineage,
            find=find,
            text=None if action == ProposalAction.DELETE else "as appropriate",
        )
        ids.append(create_proposal(session, ACTOR, SLUG, new).id)
        spans.append((lineage, find))
    return ids


def _fifty(session: Session) -> list[int]:
    """45 word proposals on different paragraphs, four new paragraphs, one deletion."""
    rng = random.Random(1)
    ids = _proposals(session, 45, rng, 0.0)
    paragraphs = _paragraphs(session)
    for k in range(4):
        new = NewProposal(
            delegations=("G77",),
            action=ProposalAction.NEW_PARAGRAPH,
            draft=1,
            after_lineage_id=paragraphs[10 * k + 5][0],
            text="Encourages States to consider the matter further, as appropriate;",
        )
        ids.append(create_proposal(session, ACTOR, SLUG, new).id)
    gone = NewProposal(
        ("CHN",), ProposalAction.DELETE_PARAGRAPH, draft=1, lineage_id=paragraphs[50][0]
    )
    ids.append(create_proposal(session, ACTOR, SLUG, gone).id)
    return ids


def measure(repeat: int) -> str:
    """The table."""
    with tempfile.TemporaryDirectory(prefix="penholder-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade_database(url)
        engine = get_engine(url)
        _setup(engine)
        stored, previews, collisions = [], [], []
        for _ in range(repeat):
            with transaction(engine, write=True) as session:
                ids = tuple(_fifty(session))
            with transaction(engine) as session:
                start = time.perf_counter()
                order = NextDraftOrder(label="Next", proposals=ids, dry_run=True)
                make_next_draft(session, ACTOR, SLUG, 1, order)
                previews.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            with transaction(engine, write=True) as session:
                make_next_draft(session, ACTOR, SLUG, 1, NextDraftOrder("Next", ids))
            stored.append((time.perf_counter() - start) * 1000)
        with transaction(engine, write=True) as session:
            _proposals(session, 200, random.Random(2), 0.1)
        found = 0
        for _ in range(repeat):
            with transaction(engine) as session:
                start = time.perf_counter()
                found = list_collisions(session, SLUG, 1, limit=500).total
                collisions.append((time.perf_counter() - start) * 1000)
        engine.dispose()
    med = statistics.median
    return "\n".join(
        [
            "next draft on SQLite, typical draft (gen_drafts.py seed 1), medians:",
            f"  apply 50 proposals, store the next draft, commit: {med(stored):.1f} ms",
            f"  the same as a dry run: {med(previews):.1f} ms",
            f"  collisions among 200 pending proposals ({found} found): {med(collisions):.1f} ms",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run the next-draft benchmark and print its table; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, help="runs per figure (default 15, quick 3)")
    parser.add_argument("--quick", action="store_true", help="three runs")
    args = parser.parse_args(argv)
    print(measure(args.repeat or (3 if args.quick else 15)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
