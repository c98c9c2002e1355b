"""Attribution benchmark (a script, not a test): `python tests/bench/bench_attribution.py`.

Every proposer named? On generated negotiations (`gen_drafts.py`, typical size, seeds 1..N,
five revisions each) each word edit of the truth becomes a proposal by the delegation the truth
names, made against the base draft: a `replace` (find the old words, text the new), a `delete`
(find the old words) or an `insert` (the words only: the truth does not say where, so the
proposal names no `find`). The new draft is aligned against the base (`assign_lineages`, as an
upload does, paragraphs read one block each) and `match_proposals` attributes its hunks.

An edit **shows** when a hunk of its paragraph's change holds some of its net words (words it
adds, or removes, that the other side does not have); edits later undone in the same round do
not show and are left out. A shown edit is **named** when its proposal is attributed to a hunk
holding its words. A hunk names a **foreign** delegation when one of its attributions goes to a
proposal that mentions (in its `find` or `text`) none of the words or punctuation marks the
hunk changed. The table gives both, per size, with seeds.
`main(argv)` is what `penholder bench` calls.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from workload import generate_pairs  # noqa: E402

from app.core.lineages import PlannedChange, assign_lineages  # noqa: E402
from app.core.matching import ChangeEdit, HunkEdit, ProposalEdit, match_proposals  # noqa: E402
from app.core.script import diff_tokens  # noqa: E402
from app.core.vocabulary import ChangeKind, ProposalAction  # noqa: E402

SEEDS = 20
QUICK_SEEDS = 4
REVISIONS = 5
SIZES = ("typical",)


def _tokens(text: str | None) -> Counter[str]:
    """Casefolded words, counted."""
    return Counter(t.casefold() for t in diff_tokens(text or "") if t.strip() and t[0].isalnum())


def _marks(text: str | None) -> Counter[str]:
    """Casefolded words and punctuation marks, counted."""
    return Counter(t.casefold() for t in diff_tokens(text or "") if t.strip())


@dataclass(slots=True)
class Tally:
    """Edits shown and named, hunks and hunks naming a foreign delegation."""

    edits: int = 0
    named: int = 0
    hunks: int = 0
    foreign: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Add another pair's counts."""
        self.edits += other.edits
        self.named += other.named
        self.hunks += other.hunks
        self.foreign += other.foreign
        self.misses.extend(other.misses)


def proposals_of(truth: dict[str, Any]) -> list[tuple[ProposalEdit, str]]:
    """Each truth edit as a proposal on its base paragraph, with its delegation."""
    seen: set[tuple[tuple[int, ...], int]] = set()
    made: list[tuple[ProposalEdit, str]] = []
    for change in truth["changes"]:
        for k, edit in enumerate(change.get("edits", ())):
            key = (tuple(change["new"]), k)
            if key in seen:  # a merge lists the merged paragraph's edits under both bases
                continue
            seen.add(key)
            action = ProposalAction(edit["op"])
            made.append(
                (
                    ProposalEdit(
                        id=len(made) + 1,
                        action=action,
                        lineage_id=f"b{change['old'][0]}",
                        find=edit.get("old") if action != ProposalAction.INSERT else None,
                        text=edit.get("new"),
                    ),
                    edit["by"],
                )
            )
    return made


def _net(proposal: ProposalEdit) -> Counter[str]:
    find = _tokens(proposal.find)
    text = _tokens(proposal.text)
    return (find - text) + (text - find)


def score_pair(pair: Any) -> Tally:
    """Match one pair's proposals against its changes and tally what was named."""
    old, new = pair.old.paragraphs, pair.new.paragraphs
    lineages = [f"b{i}" for i in range(len(old))]
    plan = assign_lineages(old, lineages, new)
    proposals = proposals_of(pair.truth)
    by_id = {p.id: (p, who) for p, who in proposals}
    changes = [_change_edit(k, c, lineages, old, new) for k, c in enumerate(plan.changes)]
    matches = match_proposals([p for p, _ in proposals], changes)
    won: dict[tuple[int, int], set[int]] = {}
    for m in matches:
        if m.hunk_index is not None:
            won.setdefault((m.change_id, m.hunk_index), set()).add(m.proposal_id)
    tally = Tally()
    hunk_words: dict[tuple[int, int], Counter[str]] = {}
    for change in changes:
        for hunk in change.hunks:
            deleted, inserted = _tokens(hunk.delete), _tokens(hunk.insert)
            hunk_words[(change.id, hunk.index)] = (deleted - inserted) + (inserted - deleted)
    for change in changes:
        for hunk in change.hunks:
            tally.hunks += 1
            deleted, inserted = _marks(hunk.delete), _marks(hunk.insert)
            changed = set((deleted - inserted) + (inserted - deleted)) or set(deleted + inserted)
            named = won.get((change.id, hunk.index), set())
            mentioned = [
                set(_marks(by_id[pid][0].find) + _marks(by_id[pid][0].text)) for pid in named
            ]
            if any(not (changed & words) for words in mentioned):
                tally.foreign += 1
    for proposal, who in proposals:
        net = _net(proposal)
        holding = [
            key
            for change in changes
            if proposal.lineage_id in change.old_lineages
            for key in ((change.id, h.index) for h in change.hunks)
            if net & hunk_words[key]
        ]
        if not holding:
            continue
        tally.edits += 1
        if any(proposal.id in won.get(key, set()) for key in holding):
            tally.named += 1
        else:
            tally.misses.append(
                f"{pair.size} seed {pair.seed} v{pair.revision}: {who} {proposal.action} "
                f"{proposal.find!r} -> {proposal.text!r}"
            )
    return tally


def _change_edit(
    k: int, change: PlannedChange, lineages: list[str], old: Any, new: Any
) -> ChangeEdit:
    old_text = " ".join(old[i].text for i in change.old)
    new_text = " ".join(new[j].text for j in change.new)
    hunks = tuple(
        HunkEdit(h.index, h.delete, h.insert, h.old_start, h.old_end)
        for h in change.diff.hunks
        if change.kind not in (ChangeKind.ADDED, ChangeKind.DELETED)
    )
    return ChangeEdit(
        k, change.kind, tuple(lineages[i] for i in change.old), old_text, new_text, hunks
    )


def measure(size: str, seeds: int, tmp: Path, show_misses: int) -> str:
    """The table for one size."""
    total = Tally()
    pairs = 0
    for seed in range(1, seeds + 1):
        for pair in generate_pairs(size, seed, REVISIONS, tmp):
            total.add(score_pair(pair))
            pairs += 1
    named = total.named / total.edits if total.edits else 1.0
    foreign = total.foreign / total.hunks if total.hunks else 0.0
    lines = [
        f"{size}: seeds 1-{seeds} x {REVISIONS} revisions = {pairs} pairs",
        f"  edits shown {total.edits:,}, named right {total.named:,} ({named:.1%}); "
        f"hunks {total.hunks:,}, naming a foreign delegation {total.foreign} ({foreign:.2%})",
    ]
    lines += [f"  miss: {m}" for m in total.misses[:show_misses]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the attribution benchmark and print its table; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, help=f"seeds 1..N (default {SEEDS})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SEEDS} seeds")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = parser.parse_args(argv)
    seeds = args.seeds or (QUICK_SEEDS if args.quick else SEEDS)
    with tempfile.TemporaryDirectory(prefix="penholder-bench-") as tmp:
        for size in SIZES:
            print(measure(size, seeds, Path(tmp), args.misses), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
