"""UN re-labelling of a clean text: new paragraphs number in, deleted ones number out."""

from __future__ import annotations

from app.core.model import Paragraph
from app.core.relabelling import Placed, relabel
from app.core.vocabulary import ParagraphKind as K


def op(number: str, text: str = "Decides;") -> Paragraph:
    label = f"OP{number}" if number else ""
    return Paragraph(K.OPERATIVE, label, f"{number}." if number else "", "", text)


def sub(token: str, parent: str) -> Paragraph:
    return Paragraph(K.SUBPARAGRAPH, f"{parent}({token})", f"({token})", "", "To act;", 1)


def labels(placed: list[Placed]) -> list[str]:
    return [p.label for p, where in zip(relabel(placed), placed, strict=True) if not where.gone]


def test_nothing_new_and_nothing_gone_keeps_every_label() -> None:
    base = [Placed(op("1")), Placed(op("1 bis")), Placed(op("2")), Placed(sub("a", "OP2"))]
    assert relabel(base) == [p.paragraph for p in base]


def test_a_new_paragraph_numbers_in_and_a_deleted_one_numbers_out() -> None:
    placed = [
        Placed(op("1")),
        Placed(op(""), new=True),
        Placed(op("2")),
        Placed(op("3"), gone=True),
        Placed(op("4")),
        Placed(sub("a", "OP4")),
    ]
    assert labels(placed) == ["OP1", "OP2", "OP3", "OP4", "OP4(a)"]


def test_a_bis_paragraph_takes_the_next_free_suffix_and_moves_nothing() -> None:
    placed = [
        Placed(op("1")),
        Placed(op("1 bis")),
        Placed(op(""), new=True, bis=True),
        Placed(op("2")),
    ]
    assert labels(placed) == ["OP1", "OP1 bis", "OP1 ter", "OP2"]


def test_sub_paragraphs_are_lettered_again_under_a_parent_that_gained_one() -> None:
    placed = [
        Placed(op("1")),
        Placed(sub("a", "OP1")),
        Placed(Paragraph(K.SUBPARAGRAPH, "", "", "", "To meet;", 1), new=True),
        Placed(sub("b", "OP1")),
    ]
    assert labels(placed) == ["OP1", "OP1(a)", "OP1(b)", "OP1(c)"]
