"""Applying proposals to a draft in the core: words, paragraphs, labels, collisions, refusals."""

from __future__ import annotations

import pytest

from app.core.errors import CollidingProposals, StaleProposal
from app.core.parsing import read_draft
from app.core.proposals import (
    Amendment,
    BaseParagraph,
    apply_proposals,
    clean_text,
    find_collisions,
)
from app.core.vocabulary import ParagraphKind
from app.core.vocabulary import ProposalAction as A

TEXT = (
    "The General Assembly,\n\n"
    "Recalling its resolution 70/1,\n\n"
    "Noting with concern the situation of defenders,\n\n"
    "1. Encourages States to protect human rights defenders;\n\n"
    "2. Calls upon States to give serious consideration to requests for visits:\n\n"
    "(a) By answering promptly;\n\n"
    "(b) By publishing the requests;\n\n"
    "3. Requests the Secretary-General to report, and to participate in public affairs;\n\n"
    "4. Decides to remain seized of the matter.\n"
)
BASE = [
    BaseParagraph(p, f"L{i}")
    for i, p in enumerate(read_draft(TEXT.encode(), "text/plain").paragraphs)
]
LINEAGE = {b.paragraph.label: b.lineage_id for b in BASE}


def applied(*amendments: Amendment, order: tuple[int, ...] = ()) -> dict[str, str]:
    """Label -> text of the next draft."""
    made = apply_proposals(BASE, amendments, order)
    return {n.paragraph.label: n.paragraph.text for n in made.paragraphs}


def labels(*amendments: Amendment) -> list[str]:
    made = apply_proposals(BASE, amendments)
    return [n.paragraph.label for n in made.paragraphs if n.paragraph.label]


def test_applying_no_proposal_gives_the_base_paragraphs_back() -> None:
    made = apply_proposals(BASE, [])
    assert [n.paragraph for n in made.paragraphs] == [b.paragraph for b in BASE]
    assert [n.lineage_id for n in made.paragraphs] == [b.lineage_id for b in BASE]


def test_a_replace_changes_the_words_and_the_lead() -> None:
    made = apply_proposals(
        BASE, [Amendment(1, A.REPLACE, LINEAGE["OP1"], find="Encourages", text="Urges")]
    )
    op1 = next(n for n in made.paragraphs if n.paragraph.label == "OP1")
    assert op1.paragraph.text == "Urges States to protect human rights defenders;"
    assert op1.paragraph.lead == "Urges" and op1.paragraph.italics == ((0, 5),)
    assert [(s.proposal_id, s.start, s.end) for s in op1.spans] == [(1, 0, 5)]


def test_an_insert_goes_after_its_words_with_the_spaces_it_needs() -> None:
    texts = applied(
        Amendment(1, A.INSERT, LINEAGE["OP1"], find="protect", text="and support"),
        Amendment(2, A.INSERT, LINEAGE["PP1"], find="70/1", text=", and 77/3"),
    )
    assert texts["OP1"] == "Encourages States to protect and support human rights defenders;"
    assert texts["PP1"] == "Recalling its resolution 70/1, and 77/3,"


def test_proposed_words_keep_no_line_breaks() -> None:
    texts = applied(
        Amendment(1, A.REPLACE, LINEAGE["OP1"], find="protect", text="protect\n and  support")
    )
    assert texts["OP1"] == "Encourages States to protect and support human rights defenders;"


def test_an_insert_without_words_goes_before_the_closing_punctuation() -> None:
    texts = applied(Amendment(1, A.INSERT, LINEAGE["OP1"], text="everywhere"))
    assert texts["OP1"] == "Encourages States to protect human rights defenders everywhere;"


def test_a_delete_leaves_no_doubled_space_and_no_space_before_punctuation() -> None:
    texts = applied(
        Amendment(1, A.DELETE, LINEAGE["OP3"], find=", and to participate in public affairs"),
        Amendment(2, A.DELETE, LINEAGE["OP1"], find="human rights"),
    )
    assert texts["OP3"] == "Requests the Secretary-General to report;"
    assert texts["OP1"] == "Encourages States to protect defenders;"


def test_a_new_operative_paragraph_takes_the_next_number_and_the_later_ones_move_up() -> None:
    new = Amendment(1, A.NEW_PARAGRAPH, after_lineage_id=LINEAGE["OP1"], text="Urges all;")
    assert labels(new)[-7:] == ["OP1", "OP2", "OP3", "OP3(a)", "OP3(b)", "OP4", "OP5"]
    assert applied(new)["OP2"] == "Urges all;"


def test_a_new_paragraph_asked_for_as_bis_moves_nothing() -> None:
    first = Amendment(1, A.NEW_PARAGRAPH, after_lineage_id=LINEAGE["OP1"], text="A;", bis=True)
    second = Amendment(2, A.NEW_PARAGRAPH, after_lineage_id=LINEAGE["OP1"], text="B;", bis=True)
    assert labels(first, second)[-8:] == [
        "OP1",
        "OP1 bis",
        "OP1 ter",
        "OP2",
        "OP2(a)",
        "OP2(b)",
        "OP3",
        "OP4",
    ]


def test_a_new_operative_paragraph_after_one_with_sub_paragraphs_follows_them() -> None:
    new = Amendment(1, A.NEW_PARAGRAPH, after_lineage_id=LINEAGE["OP2"], text="Urges all;")
    assert labels(new)[-6:] == ["OP2", "OP2(a)", "OP2(b)", "OP3", "OP4", "OP5"]


def test_a_new_sub_paragraph_is_lettered_in_place() -> None:
    new = Amendment(1, A.NEW_PARAGRAPH, after_lineage_id=LINEAGE["OP2(a)"], text="By meeting;")
    texts = applied(new)
    assert texts["OP2(b)"] == "By meeting;" and texts["OP2(c)"] == "By publishing the requests;"


def test_a_new_preambular_paragraph_is_read_from_its_closing_comma() -> None:
    new = Amendment(1, A.NEW_PARAGRAPH, after_lineage_id=LINEAGE["PP1"], text="Noting also X,")
    made = apply_proposals(BASE, [new])
    added = next(n for n in made.paragraphs if n.lineage_id is None)
    assert added.paragraph.kind == ParagraphKind.PREAMBULAR
    assert added.paragraph.label == "PP2" and added.paragraph.lead == "Noting also"
    assert labels(new).count("PP3") == 1


def test_a_deleted_operative_paragraph_moves_the_later_ones_down() -> None:
    gone = Amendment(1, A.DELETE_PARAGRAPH, LINEAGE["OP1"])
    made = apply_proposals(BASE, [gone])
    assert labels(gone)[-5:] == ["OP1", "OP1(a)", "OP1(b)", "OP2", "OP3"]
    assert [(d.lineage_id, d.proposal_ids) for d in made.deleted] == [(LINEAGE["OP1"], (1,))]


def test_a_deleted_sub_paragraph_reletters_its_siblings() -> None:
    texts = applied(Amendment(1, A.DELETE_PARAGRAPH, LINEAGE["OP2(a)"]))
    assert texts["OP2(a)"] == "By publishing the requests;" and "OP2(b)" not in texts


def test_overlapping_proposals_collide_and_touching_ones_do_not() -> None:
    paragraphs = {b.lineage_id: b.paragraph for b in BASE}
    op2 = LINEAGE["OP2"]
    found = find_collisions(
        paragraphs,
        [
            Amendment(1, A.REPLACE, op2, find="give serious", text="accord"),
            Amendment(2, A.DELETE, op2, find="serious consideration"),
            Amendment(3, A.REPLACE, op2, find="to requests", text="to all requests"),
            Amendment(4, A.INSERT, op2, find="for visits", text="in good time"),
        ],
    )
    assert [(c.first, c.second, c.words) for c in found] == [(1, 2, "serious")]


def test_an_insertion_inside_a_span_and_two_at_one_point_collide() -> None:
    paragraphs = {b.lineage_id: b.paragraph for b in BASE}
    op1 = LINEAGE["OP1"]
    found = find_collisions(
        paragraphs,
        [
            Amendment(1, A.REPLACE, op1, find="human rights defenders", text="defenders"),
            Amendment(2, A.INSERT, op1, find="human", text="and civic"),
            Amendment(3, A.INSERT, op1, find="protect", text="and support"),
            Amendment(4, A.INSERT, op1, find="protect", text="fully"),
        ],
    )
    assert [(c.first, c.second) for c in found] == [(1, 2), (3, 4)]


def test_deleting_a_paragraph_collides_with_editing_it_but_not_with_deleting_it() -> None:
    paragraphs = {b.lineage_id: b.paragraph for b in BASE}
    op1 = LINEAGE["OP1"]
    found = find_collisions(
        paragraphs,
        [
            Amendment(1, A.DELETE_PARAGRAPH, op1),
            Amendment(2, A.DELETE_PARAGRAPH, op1),
            Amendment(3, A.DELETE, op1, find="human rights"),
        ],
    )
    assert [(c.first, c.second, c.words) for c in found] == [
        (1, 3, "human rights"),
        (2, 3, "human rights"),
    ]


def test_colliding_proposals_are_refused_unless_an_order_is_given() -> None:
    op2 = LINEAGE["OP2"]
    first = Amendment(1, A.REPLACE, op2, find="give serious", text="give very serious")
    second = Amendment(2, A.REPLACE, op2, find="serious consideration", text="serious thought")
    with pytest.raises(CollidingProposals, match="Proposals 1 and 2 collide on OP2"):
        apply_proposals(BASE, [first, second])
    texts = applied(first, second, order=(1, 2))
    assert "to give very serious thought to requests" in texts["OP2"]
    with pytest.raises(StaleProposal, match="Proposal 2: the words 'give serious'"):
        apply_proposals(
            BASE, [first, Amendment(2, A.REPLACE, op2, find="give serious", text="x")], (1, 2)
        )


def test_a_proposal_on_a_paragraph_or_words_that_are_gone_is_refused_by_name() -> None:
    with pytest.raises(StaleProposal, match="Proposal 7: its paragraph"):
        apply_proposals(BASE, [Amendment(7, A.DELETE, "no-such-lineage", find="x")])
    with pytest.raises(StaleProposal, match="Proposal 8: the words 'urges' are no longer in OP1"):
        apply_proposals(BASE, [Amendment(8, A.DELETE, LINEAGE["OP1"], find="urges")])


def test_the_clean_text_prints_operative_and_sub_paragraph_numbers() -> None:
    text = clean_text([n.paragraph for n in apply_proposals(BASE, []).paragraphs])
    assert "\n\n1. Encourages States" in text and "\n\n(a) By answering promptly;" in text
    assert read_draft(text.encode(), "text/plain").paragraphs == tuple(b.paragraph for b in BASE)


def test_a_proposal_acts_on_its_own_words_even_when_an_earlier_one_repeats_them() -> None:
    op1 = LINEAGE["OP1"]
    texts = applied(
        Amendment(1, A.INSERT, op1, find="Encourages", text="Member States and"),
        Amendment(2, A.REPLACE, op1, find="States", text="Governments"),
    )
    assert texts["OP1"].startswith("Encourages Member States and Governments to protect")
