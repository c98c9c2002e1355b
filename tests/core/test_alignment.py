"""Paragraph lineage on small hand-written drafts: each test is one negotiation move."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from app.core.alignment import align_paragraphs
from app.core.model import Alignment, Paragraph, Step
from app.core.similarity import LONG_PAIR, dice, shingle, text_ratio
from app.core.vocabulary import ChangeKind, ParagraphKind

PREAMBLE = [
    "Recalling its resolution 78/123 on the protection of human rights defenders and the "
    "importance of a safe and enabling environment for civil society,",
    "Reaffirming the Universal Declaration of Human Rights and the International Covenants on "
    "Human Rights as the foundation of its work on this question,",
    "Deeply concerned about reprisals against individuals and groups who cooperate with the "
    "United Nations and its mechanisms in the field of human rights,",
    "Welcoming the report of the Special Rapporteur on the situation of human rights defenders "
    "and the recommendations contained therein,",
    "Mindful that women human rights defenders face specific risks, including sexual and "
    "gender-based violence, online harassment and smear campaigns,",
]
OPERATIVE = [
    "Condemns all acts of intimidation and reprisal by State and non-State actors against human "
    "rights defenders, online and offline;",
    "Calls upon all States to take concrete steps to prevent and put an end to arbitrary arrest "
    "and detention of human rights defenders;",
    "Urges States to ensure that legislation affecting the activities of civil society is "
    "clearly defined, non-discriminatory and compatible with international law;",
    "Encourages States to develop national protection mechanisms in consultation with human "
    "rights defenders and to allocate adequate resources to them;",
    "Requests the Secretary-General to submit to the General Assembly at its eighty-first "
    "session a report on the implementation of the present resolution;",
    "Decides to continue its consideration of the question at its eighty-first session under "
    "the item entitled “Promotion and protection of human rights”.",
]


def pp(text: str) -> Paragraph:
    """A preambular paragraph (labels do not matter to the aligner)."""
    return Paragraph(ParagraphKind.PREAMBULAR, "PP", "", text.split()[0], text)


def op(number: int, text: str) -> Paragraph:
    """An operative paragraph numbered `number`."""
    return Paragraph(ParagraphKind.OPERATIVE, f"OP{number}", f"{number}.", text.split()[0], text)


def draft(preamble: list[str], operative: list[str]) -> list[Paragraph]:
    """Paragraphs in order, operative ones numbered from 1."""
    return [pp(t) for t in preamble] + [op(n, t) for n, t in enumerate(operative, 1)]


BASE = draft(PREAMBLE, OPERATIVE)


def step_of_old(alignment: Alignment, i: int) -> Step:
    """The one step holding base paragraph i."""
    (step,) = [s for s in alignment.steps if i in s.old]
    return step


def kinds(alignment: Alignment) -> list[ChangeKind]:
    """The step kinds in order."""
    return [s.kind for s in alignment.steps]


def assert_covers(alignment: Alignment, n_old: int, n_new: int) -> None:
    """Every base and every new index appears in exactly one step."""
    olds = sorted(i for s in alignment.steps for i in s.old)
    news = sorted(j for s in alignment.steps for j in s.new)
    assert olds == list(range(n_old))
    assert news == list(range(n_new))


def test_identical_drafts_are_all_unchanged() -> None:
    alignment = align_paragraphs(BASE, BASE)
    assert kinds(alignment) == [ChangeKind.UNCHANGED] * len(BASE)
    assert [s.old for s in alignment.steps] == [(i,) for i in range(len(BASE))]
    assert all(s.similarity == 1.0 and not s.moved for s in alignment.steps)


def test_renumbered_paragraph_is_unchanged() -> None:
    new = draft(PREAMBLE, OPERATIVE[:1] + OPERATIVE[2:])  # OP2 deleted: OP3 becomes OP2
    alignment = align_paragraphs(BASE, new)
    old_op3 = len(PREAMBLE) + 2
    assert BASE[old_op3].label == "OP3"
    assert step_of_old(alignment, old_op3) == Step(
        ChangeKind.UNCHANGED, (old_op3,), (old_op3 - 1,), False, False, 1.0
    )
    assert new[old_op3 - 1].label == "OP2"


def test_bis_insert_is_added() -> None:
    bis = Paragraph(
        ParagraphKind.OPERATIVE,
        "OP2 bis",
        "2 bis.",
        "Stresses",
        "Stresses the need for accountability for attacks on journalists and media workers, "
        "and for effective remedies for the victims;",
    )
    at = len(PREAMBLE) + 2
    new = [*BASE[:at], bis, *BASE[at:]]
    alignment = align_paragraphs(BASE, new)
    assert_covers(alignment, len(BASE), len(new))
    assert [s for s in alignment.steps if s.kind is not ChangeKind.UNCHANGED] == [
        Step(ChangeKind.ADDED, (), (at,), False, False, 0.0)
    ]


def test_deleted_paragraph_comes_after_the_step_of_its_predecessor() -> None:
    new = draft(PREAMBLE, OPERATIVE[:1] + OPERATIVE[2:])
    alignment = align_paragraphs(BASE, new)
    deleted = len(PREAMBLE) + 1
    at = [s.old for s in alignment.steps].index((deleted,))
    assert alignment.steps[at].kind is ChangeKind.DELETED
    assert alignment.steps[at].new == ()
    assert alignment.steps[at - 1].old == (deleted - 1,)


def test_paragraph_moved_from_preamble_start_to_end_is_moved_not_deleted_and_added() -> None:
    new = draft([*PREAMBLE[1:], PREAMBLE[0]], OPERATIVE)
    alignment = align_paragraphs(BASE, new)
    assert step_of_old(alignment, 0) == Step(
        ChangeKind.MOVED, (0,), (len(PREAMBLE) - 1,), True, False, 1.0
    )
    assert kinds(alignment).count(ChangeKind.MOVED) == 1
    assert ChangeKind.ADDED not in kinds(alignment)
    assert ChangeKind.DELETED not in kinds(alignment)


def test_edited_paragraph_is_modified_with_its_similarity() -> None:
    edited = OPERATIVE.copy()
    edited[1] = edited[1].replace("Calls upon all States", "Strongly urges all Member States")
    alignment = align_paragraphs(BASE, draft(PREAMBLE, edited))
    step = step_of_old(alignment, len(PREAMBLE) + 1)
    assert (step.kind, step.new, step.moved, step.modified) == (
        ChangeKind.MODIFIED,
        (len(PREAMBLE) + 1,),
        False,
        True,
    )
    assert 0.8 < step.similarity < 1.0
    assert kinds(alignment).count(ChangeKind.UNCHANGED) == len(BASE) - 1


def test_moved_and_edited_paragraph_is_moved_and_modified() -> None:
    edited = OPERATIVE[2].replace("clearly defined", "clearly and narrowly defined")
    operative = [OPERATIVE[0], OPERATIVE[1], OPERATIVE[3], OPERATIVE[4], edited, OPERATIVE[5]]
    alignment = align_paragraphs(BASE, draft(PREAMBLE, operative))
    step = step_of_old(alignment, len(PREAMBLE) + 2)
    assert (step.kind, step.new, step.moved, step.modified) == (
        ChangeKind.MOVED,
        (len(PREAMBLE) + 4,),
        True,
        True,
    )


def test_split_paragraph_is_one_split_step_to_both_pieces() -> None:
    first, second = OPERATIVE[3].split(" and to allocate ")
    operative = [*OPERATIVE[:3], first + ";", "Also calls upon States to allocate " + second]
    operative += OPERATIVE[4:]
    new = draft(PREAMBLE, operative)
    alignment = align_paragraphs(BASE, new)
    at = len(PREAMBLE) + 3
    step = step_of_old(alignment, at)
    assert (step.kind, step.old, step.new) == (ChangeKind.SPLIT, (at,), (at, at + 1))
    assert_covers(alignment, len(BASE), len(new))


def test_merged_paragraphs_are_one_merged_step_from_both() -> None:
    merged = (
        PREAMBLE[2].rstrip(",") + ", and mindful that women " + PREAMBLE[4].split(" women ", 1)[1]
    )
    preamble = [PREAMBLE[0], PREAMBLE[1], merged, PREAMBLE[3]]
    new = draft(preamble, OPERATIVE)
    alignment = align_paragraphs(BASE, new)
    step = step_of_old(alignment, 2)
    assert (step.kind, step.old, step.new) == (ChangeKind.MERGED, (2, 4), (2,))
    assert step_of_old(alignment, 3).kind is ChangeKind.UNCHANGED
    assert_covers(alignment, len(BASE), len(new))


def test_empty_base_draft_gives_all_added() -> None:
    alignment = align_paragraphs([], BASE)
    assert alignment.steps == tuple(
        Step(ChangeKind.ADDED, (), (j,), False, False, 0.0) for j in range(len(BASE))
    )


def test_empty_new_draft_gives_all_deleted() -> None:
    alignment = align_paragraphs(BASE, [])
    assert kinds(alignment) == [ChangeKind.DELETED] * len(BASE)
    assert [s.old for s in alignment.steps] == [(i,) for i in range(len(BASE))]


def test_changed_title_is_modified() -> None:
    title = Paragraph(ParagraphKind.TITLE, "", "", "", "Human rights defenders")
    new_title = Paragraph(ParagraphKind.TITLE, "", "", "", "Protecting human rights defenders")
    alignment = align_paragraphs([title, *BASE], [new_title, *BASE])
    assert alignment.steps[0].kind is ChangeKind.MODIFIED
    assert (alignment.steps[0].old, alignment.steps[0].new) == ((0,), (0,))


def test_a_changed_closing_mark_alone_is_unchanged() -> None:
    operative = [*OPERATIVE[:4], OPERATIVE[4].rstrip(";") + "."]  # OP5 becomes the last one
    alignment = align_paragraphs(BASE, draft(PREAMBLE, operative))
    assert step_of_old(alignment, len(PREAMBLE) + 4).kind is ChangeKind.UNCHANGED


def test_a_change_of_case_is_modified_though_it_matches_exactly() -> None:
    operative = [OPERATIVE[0].replace("State and", "state and"), *OPERATIVE[1:]]
    step = step_of_old(align_paragraphs(BASE, draft(PREAMBLE, operative)), len(PREAMBLE))
    assert (step.kind, step.similarity) == (ChangeKind.MODIFIED, 1.0)


def test_subparagraphs_align_like_paragraphs() -> None:
    def sub(letter: str, text: str) -> Paragraph:
        return Paragraph(ParagraphKind.SUBPARAGRAPH, f"OP1({letter})", f"({letter})", "", text, 1)

    head = op(1, "Calls upon all States:")
    subs = [
        "To refrain from any act of intimidation or reprisal against those who cooperate with "
        "the United Nations;",
        "To publicly recognize the legitimate role of human rights defenders in society;",
        "To investigate promptly and impartially all attacks against human rights defenders.",
    ]
    base = [head, sub("a", subs[0]), sub("b", subs[1]), sub("c", subs[2])]
    edited = subs[1].replace("publicly recognize", "publicly and at the highest level recognize")
    new = [head, sub("a", subs[0]), sub("b", edited), sub("c", subs[2])]
    assert kinds(align_paragraphs(base, new)) == [
        ChangeKind.UNCHANGED,
        ChangeKind.UNCHANGED,
        ChangeKind.MODIFIED,
        ChangeKind.UNCHANGED,
    ]


def test_edited_chinese_paragraph_without_spaces_is_modified_not_replaced() -> None:
    base = [
        pp("回顾其关于保护人权维护者的各项决议以及为民间社会营造安全和有利环境的重要性，"),
        pp("深为关切针对与联合国及其人权领域机制合作的个人和团体的报复行为，"),
        op(1, "谴责国家和非国家行为者在网上和网下对人权维护者的一切恐吓和报复行为；"),
    ]
    new = [base[0], pp("严重关切针对与联合国及其人权领域机制合作的个人和团体的报复行为，"), base[2]]
    assert kinds(align_paragraphs(base, new)) == [
        ChangeKind.UNCHANGED,
        ChangeKind.MODIFIED,
        ChangeKind.UNCHANGED,
    ]


def test_alignment_is_deterministic() -> None:
    operative = [OPERATIVE[5], *OPERATIVE[1:5]]
    new = draft([PREAMBLE[1], PREAMBLE[0], *PREAMBLE[3:]], operative)
    first = align_paragraphs(BASE, new)
    assert all(align_paragraphs(BASE, new) == first for _ in range(3))


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(len(BASE))), st.sets(st.integers(0, len(BASE) - 1)))
def test_every_paragraph_is_in_exactly_one_step_in_new_order(
    order: list[int], dropped: set[int]
) -> None:
    new = [BASE[i] for i in order if i not in dropped]
    alignment = align_paragraphs(BASE, new)
    assert_covers(alignment, len(BASE), len(new))
    firsts = [s.new[0] for s in alignment.steps if s.new]
    assert firsts == sorted(firsts)
    for step in alignment.steps:
        if step.new:
            assert step.kind in (ChangeKind.UNCHANGED, ChangeKind.MOVED)
            assert [BASE[i] for i in step.old] == [new[j] for j in step.new]


def long_text(seed: int, size: int = 20_000) -> str:
    """A paragraph of about `size` characters of varied words (no stock phrase repeats)."""
    words, n = ["Urges"], seed
    while sum(map(len, words)) + len(words) < size:
        n = (n * 1_103_515_245 + 12_345) % 2**31
        words.append(f"w{n % 50_000}")
    return " ".join(words)


def test_long_edited_paragraphs_are_paired_as_modified_in_place() -> None:
    base = [op(n, long_text(n)) for n in range(1, 5)]
    new = [op(n, p.text.replace(" w", " amended w", 1)) for n, p in enumerate(base, 1)]
    alignment = align_paragraphs(base, new)
    assert [(s.kind, s.old, s.new) for s in alignment.steps] == [
        (ChangeKind.MODIFIED, (i,), (i,)) for i in range(4)
    ]
    assert all(0.99 < s.similarity < 1.0 for s in alignment.steps)


def test_long_paragraphs_swapped_are_moved_not_added_and_deleted() -> None:
    base = [op(n, long_text(n)) for n in range(1, 6)]
    new = [base[0], base[3], base[1], base[2], base[4]]
    new = [op(n, p.text + " edited") for n, p in enumerate(new, 1)]
    alignment = align_paragraphs(base, new)
    assert {s.kind for s in alignment.steps} <= {ChangeKind.MODIFIED, ChangeKind.MOVED}
    assert sorted((s.old, s.new) for s in alignment.steps) == [
        ((0,), (0,)), ((1,), (2,)), ((2,), (3,)), ((3,), (1,)), ((4,), (4,))
    ]  # fmt: skip


def test_a_long_pair_is_scored_by_shingle_dice_and_a_short_one_by_the_ratio() -> None:
    short_a, short_b = "Urges States to protect defenders", "Urges States to support defenders"
    assert text_ratio(short_a, short_b) == fuzz.ratio(short_a, short_b) / 100
    long_a = long_text(1)
    long_b = long_a.replace(" w", " amended w", 1)
    assert len(long_a) * len(long_b) > LONG_PAIR
    shared = shingle(long_a) & shingle(long_b)
    assert text_ratio(long_a, long_b) == dice(shingle(long_a), shingle(long_b), len(shared))
