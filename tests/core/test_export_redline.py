"""The redline export: tracked changes per delegation; accept gives new, reject gives old."""

from __future__ import annotations

import difflib
import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from app.core.export.docx_layout import DocumentHeading
from app.core.export.redline import RedlineChange, export_redline
from app.core.model import Diff, Draft, Footnote, Hunk, Op, Paragraph
from app.core.parsing.docx import read_docx_blocks
from app.core.vocabulary import ParagraphKind as K
from tests.core.docx_views import NS, REVISIONS, convert, part, q, read_view, revision_authors

HEADING = DocumentHeading(symbol="A/HRC/58/L.22/Rev.1", date="28 November 2026", label="Rev.1")
DATE = "2026-11-28T10:00:00Z"
PENHOLDER = "Norway"


def para(kind: K, lead: str, text: str, level: int = 0, **extra) -> Paragraph:
    """A paragraph without its number (numbers are given by `numbered`)."""
    return Paragraph(kind, "", "", lead, text, level, **extra)


OLD_PARAGRAPHS = (
    para(K.TITLE, "", "Human rights defenders"),
    para(K.OTHER, "", "The Human Rights Council,"),
    para(K.PREAMBULAR, "Recalling", "Recalling the Universal Declaration of Human Rights,"),
    para(
        K.PREAMBULAR,
        "Noting",
        "Noting the work of national human rights institutions,",
        footnotes=(Footnote("1", "A/HRC/57/1.", 54),),
    ),
    para(K.PREAMBULAR, "Gravely concerned", "Gravely concerned at reprisals against defenders,"),
    para(K.OPERATIVE, "Welcomes", "Welcomes the report of the Special Rapporteur;"),
    para(K.OPERATIVE, "Calls upon", "Calls upon all States:"),
    para(K.SUBPARAGRAPH, "", "To protect defenders online and offline;", 1),
    para(K.SUBPARAGRAPH, "", "To investigate attacks promptly;", 1),
    para(K.OPERATIVE, "Encourages", "Encourages States to adopt laws recognizing defenders;"),
    para(
        K.OPERATIVE, "Requests", "Requests the High Commissioner to report at the sixtieth session;"
    ),
    para(K.OPERATIVE, "Decides", "Decides to remain seized of the matter."),
)


def numbered(paragraphs: list[Paragraph]) -> tuple[Paragraph, ...]:
    """Give operative and sub-paragraphs their printed numbers and labels, 1., (a), (i)."""
    out = []
    op = sub = 0
    pp = 0
    for p in paragraphs:
        if p.kind is K.OPERATIVE and not p.number.endswith("bis."):
            op, sub = op + 1, 0
            p = replace(p, number=f"{op}.", label=f"OP{op}")
        elif p.kind is K.SUBPARAGRAPH:
            sub += 1
            p = replace(p, number=f"({chr(96 + sub)})", label=f"OP{op}({chr(96 + sub)})")
        elif p.kind is K.PREAMBULAR:
            pp += 1
            p = replace(p, label=f"PP{pp}")
        out.append(p)
    return tuple(out)


OLD = Draft(paragraphs=numbered(list(OLD_PARAGRAPHS)), title="Human rights defenders")


def word_diff(old: str, new: str) -> Diff:
    """A word-level diff (difflib on word, space and punctuation tokens) with its hunks."""
    tokens = re.compile(r"\w+|\s+|[^\w\s]")
    a, b = tokens.findall(old), tokens.findall(new)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("equal",):
            ops.append(Op("equal", "".join(a[i1:i2])))
        if tag in ("delete", "replace"):
            ops.append(Op("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append(Op("insert", "".join(b[j1:j2])))
    hunks: list[Hunk] = []
    at_old = at_new = 0
    index = 0
    while index < len(ops):
        if ops[index].op == "equal":
            at_old += len(ops[index].text)
            at_new += len(ops[index].text)
            index += 1
            continue
        first, deleted, inserted = index, "", ""
        while index < len(ops) and ops[index].op != "equal":
            deleted += ops[index].text if ops[index].op == "delete" else ""
            inserted += ops[index].text if ops[index].op == "insert" else ""
            index += 1
        hunks.append(
            Hunk(
                len(hunks),
                deleted,
                inserted,
                at_old,
                at_old + len(deleted),
                at_new,
                at_new + len(inserted),
                first,
                index - 1,
            )
        )
        at_old += len(deleted)
        at_new += len(inserted)
    return Diff(tuple(ops), tuple(hunks))


def build(*entries: tuple) -> tuple[Draft, list[RedlineChange]]:
    """A new draft and its changes from entries in new order.

    ("same", o) · ("edit", o, text, authors) · ("add", paragraph, author) ·
    ("del", o, author) · ("move", o, text or None, author) · ("split", o, [texts], author) ·
    ("merge", [o, …], text, author)
    """
    new: list[Paragraph] = []
    shapes: list[tuple] = []
    for entry in entries:
        kind = entry[0]
        start = len(new)
        if kind in ("same", "edit", "move"):
            old = OLD.paragraphs[entry[1]]
            text = entry[2] if kind != "same" and entry[2] else old.text
            new.append(replace(old, text=text))
        elif kind == "add":
            new.append(entry[1])
        elif kind == "split":
            new.extend(replace(OLD.paragraphs[entry[1]], text=t) for t in entry[2])
        elif kind == "merge":
            new.append(replace(OLD.paragraphs[entry[1][0]], text=entry[2]))
        shapes.append((entry, tuple(range(start, len(new)))))
    changes = []
    for entry, indices in shapes:
        kind = entry[0]
        if kind == "same":
            changes.append(RedlineChange("unchanged", (entry[1],), indices))
        elif kind == "edit":
            diff = word_diff(OLD.paragraphs[entry[1]].text, entry[2])
            changes.append(RedlineChange("modified", (entry[1],), indices, diff, tuple(entry[3])))
        elif kind == "add":
            changes.append(RedlineChange("added", (), indices, author=entry[2]))
        elif kind == "del":
            changes.append(RedlineChange("deleted", (entry[1],), (), author=entry[2]))
        elif kind == "move":
            old_text = OLD.paragraphs[entry[1]].text
            moved = word_diff(old_text, entry[2]) if entry[2] else None
            changes.append(RedlineChange("moved", (entry[1],), indices, moved, author=entry[3]))
        elif kind == "split":
            changes.append(RedlineChange("split", (entry[1],), indices, author=entry[3]))
        elif kind == "merge":
            changes.append(RedlineChange("merged", tuple(entry[1]), indices, author=entry[3]))
    return Draft(paragraphs=numbered(new), title="Human rights defenders"), changes


def same(*indices: int) -> list[tuple]:
    """Unchanged steps for these old paragraphs."""
    return [("same", i) for i in indices]


NEW_OP = para(K.OPERATIVE, "Urges", "Urges States to release all detained defenders;")

SCENARIOS = {
    "modified": build(
        *same(0, 1, 2, 3, 4),
        (
            "edit",
            5,
            "Welcomes with appreciation the report of the Special Rapporteur;",
            ["European Union"],
        ),
        *same(6, 7, 8),
        (
            "edit",
            9,
            "Urges States to adopt and implement laws protecting defenders;",
            ["Mexico; Chile", None],
        ),
        *same(10, 11),
    ),
    "added": build(*same(0, 1, 2, 3, 4, 5), ("add", NEW_OP, "Mexico"), *same(6, 7, 8, 9, 10, 11)),
    "deleted": build(
        *same(0, 1, 2),
        ("del", 3, "Russian Federation"),
        *same(4, 5, 6, 7),
        ("del", 8, None),
        *same(9, 10, 11),
    ),
    "deleted first and last": build(
        ("del", 0, None), *same(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), ("del", 11, "China")
    ),
    "moved": build(*same(0, 1, 2, 3, 4, 5), ("move", 10, None, "Brazil"), *same(6, 7, 8, 9, 11)),
    "moved and modified": build(
        *same(0, 1),
        ("move", 4, "Deeply concerned at reprisals against defenders,", "EU"),
        *same(2, 3, 5, 6, 7, 8, 9, 10, 11),
    ),
    "split": build(
        *same(0, 1, 2, 3, 4, 5, 6, 7, 8),
        (
            "split",
            9,
            ["Encourages States to adopt laws;", "Encourages States to recognize defenders;"],
            "Mexico",
        ),
        *same(10, 11),
    ),
    "merged": build(
        *same(0, 1, 2, 3, 4, 5, 6),
        ("merge", [7, 8], "To protect defenders and investigate attacks;", "EU"),
        *same(9, 10, 11),
    ),
    "everything at once": build(
        ("same", 0),
        ("same", 1),
        ("move", 4, None, "Brazil"),
        ("del", 2, "Russian Federation"),
        ("same", 3),
        (
            "edit",
            5,
            "Welcomes the report of the Special Rapporteur and its recommendations;",
            ["European Union"],
        ),
        ("add", NEW_OP, "Mexico"),
        ("same", 6),
        ("merge", [7, 8], "To protect defenders and investigate attacks;", "EU"),
        (
            "split",
            10,
            [
                "Requests the High Commissioner to report;",
                "Decides to consider the report at the sixtieth session;",
            ],
            None,
        ),
        ("move", 9, "Encourages States to adopt laws on defenders;", "Chile"),
        ("same", 11),
    ),
}


def redline(name: str) -> bytes:
    """The redline file of one scenario."""
    new, changes = SCENARIOS[name]
    return export_redline(OLD, new, changes, HEADING, DATE, PENHOLDER)


def texts(draft: Draft) -> list[tuple[str, str]]:
    """(number, text) of each paragraph of a draft."""
    return [(p.number, p.text) for p in draft.paragraphs]


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_accepting_every_change_gives_exactly_the_new_draft(name: str) -> None:
    new, _ = SCENARIOS[name]
    assert [(s.number, s.text) for s in read_view(redline(name), "accepted")] == texts(new)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_rejecting_every_change_gives_exactly_the_old_draft(name: str) -> None:
    assert [(s.number, s.text) for s in read_view(redline(name), "rejected")] == texts(OLD)


AUTHORS = ("European Union", "Mexico; Chile", "Russian Federation", None)


def mutated(rng: random.Random, text: str) -> str:
    """The text with one word replaced and one inserted."""
    words = text.split(" ")
    words[rng.randrange(len(words))] = rng.choice(("urges", "all", "States", "promptly"))
    words.insert(rng.randrange(len(words) + 1), rng.choice(("fully", "and effectively", "also")))
    return " ".join(words)


def random_mix(seed: int) -> tuple[Draft, list[RedlineChange]]:
    """A random revision of OLD mixing every kind of change."""
    rng = random.Random(seed)
    entries: list[tuple] = []
    moved: list[int] = []
    index = 0
    while index < len(OLD.paragraphs):
        roll, text = rng.random(), OLD.paragraphs[index].text
        if roll < 0.12:
            entries.append(("del", index, rng.choice(AUTHORS)))
        elif roll < 0.24:
            moved.append(index)
        elif roll < 0.45:
            entries.append(
                ("edit", index, mutated(rng, text), [rng.choice(AUTHORS) for _ in range(3)])
            )
        elif roll < 0.52 and index + 1 < len(OLD.paragraphs):
            merged = f"{text} {OLD.paragraphs[index + 1].text}"
            entries.append(("merge", [index, index + 1], merged, rng.choice(AUTHORS)))
            index += 1
        elif roll < 0.6:
            halves = [mutated(rng, text), mutated(rng, text)]
            entries.append(("split", index, halves, rng.choice(AUTHORS)))
        else:
            entries.append(("same", index))
        if rng.random() < 0.15:
            entries.append(("add", NEW_OP, rng.choice(AUTHORS)))
        index += 1
    for old in moved:
        edit = mutated(rng, OLD.paragraphs[old].text) if rng.random() < 0.5 else None
        entries.insert(rng.randrange(len(entries) + 1), ("move", old, edit, rng.choice(AUTHORS)))
    return build(*entries)


@pytest.mark.parametrize("seed", range(25))
def test_random_mixes_of_changes_accept_to_new_and_reject_to_old(seed: int) -> None:
    new, changes = random_mix(seed)
    raw = export_redline(OLD, new, changes, HEADING, DATE, PENHOLDER)
    assert [(s.number, s.text) for s in read_view(raw, "accepted")] == texts(new)
    assert [(s.number, s.text) for s in read_view(raw, "rejected")] == texts(OLD)


def test_each_hunk_is_authored_by_its_delegations_and_unnamed_ones_by_the_penholder() -> None:
    revisions = revision_authors(redline("modified"))
    assert revisions == [
        ("ins", "European Union", " with appreciation"),
        ("del", "Mexico; Chile", "Encourages"),
        ("ins", "Mexico; Chile", "Urges"),
        ("ins", PENHOLDER, "and implement "),
        ("del", PENHOLDER, "recognizing"),
        ("ins", PENHOLDER, "protecting"),
    ]


def test_whole_paragraph_changes_carry_the_author_of_their_step() -> None:
    authors = {
        (kind, author) for kind, author, _ in revision_authors(redline("everything at once"))
    }
    assert ("moveFrom", "Brazil") in authors and ("moveTo", "Brazil") in authors
    assert ("del", "Russian Federation") in authors and ("ins", "Mexico") in authors
    assert ("del", PENHOLDER) in authors  # the split without a named author
    assert {author for _, author in authors} <= {
        "Brazil",
        "Russian Federation",
        "European Union",
        "Mexico",
        "EU",
        "Chile",
        PENHOLDER,
    }


def test_an_added_operative_paragraph_costs_one_revision_and_renumbers_nothing() -> None:
    raw = redline("added")
    assert [(kind, text) for kind, _, text in revision_authors(raw)] == [
        ("ins", ""),
        ("ins", NEW_OP.text),
    ]
    numbered_paragraphs = part(raw, "word/document.xml").findall(".//w:p/w:pPr/w:numPr", NS)
    assert len(numbered_paragraphs) == 8
    assert not part(raw, "word/document.xml").findall(".//w:pPrChange", NS)


def test_a_deleted_paragraph_has_its_mark_deleted_and_its_words_in_del_text() -> None:
    root = part(redline("deleted"), "word/document.xml")
    deleted = [
        p for p in root.iterfind("w:body/w:p", NS) if p.find("w:pPr/w:rPr/w:del", NS) is not None
    ]
    assert ["".join(t.text for t in p.iter(q("delText"))) for p in deleted] == [
        OLD.paragraphs[3].text,
        OLD.paragraphs[8].text,
    ]
    assert all(p.find(".//w:del//w:t", NS) is None for p in deleted)
    assert deleted[0].find(".//w:del//w:footnoteReference", NS) is not None


def test_a_deleted_paragraph_stands_where_it_stood_between_its_neighbours() -> None:
    shown = read_view(redline("deleted"), "all")
    assert [s.text for s in shown][2:5] == [OLD.paragraphs[i].text for i in (2, 3, 4)]


def test_a_move_is_a_named_pair_of_move_from_and_move_to_ranges() -> None:
    root = part(redline("moved"), "word/document.xml")
    (start_from,) = root.iter(q("moveFromRangeStart"))
    (start_to,) = root.iter(q("moveToRangeStart"))
    assert start_from.get(q("name")) == start_to.get(q("name")) == "move1"
    (end_from,) = root.iter(q("moveFromRangeEnd"))
    (end_to,) = root.iter(q("moveToRangeEnd"))
    assert (
        end_from.get(q("id"))
        == start_from.get(q("id"))
        != end_to.get(q("id"))
        == start_to.get(q("id"))
    )
    shown = [s.text for s in read_view(redline("moved"), "all")]
    moved = OLD.paragraphs[10].text
    assert shown.index(moved) == 6 and shown.index(moved, 7) == 11  # new place, then old place


def test_every_revision_has_its_own_id_and_the_new_drafts_date() -> None:
    root = part(redline("everything at once"), "word/document.xml")
    marks = [n for n in root.iter() if n.tag in REVISIONS or n.tag == q("pPrChange")]
    ranges = [n for n in root.iter(q("moveFromRangeStart"), q("moveToRangeStart"))]
    ids = [n.get(q("id")) for n in marks + ranges]
    assert len(ids) == len(set(ids)) > 10
    assert {n.get(q("date")) for n in marks + ranges} == {DATE}


def test_track_changes_stays_on_in_the_settings() -> None:
    settings = part(redline("added"), "word/settings.xml")
    names = [etree.QName(child).localname for child in settings]
    assert names.index("trackRevisions") < names.index("defaultTabStop")


def test_a_renumbered_bis_paragraph_records_its_old_typed_number() -> None:
    old = Draft(
        paragraphs=(
            Paragraph(K.OPERATIVE, "OP1", "1.", "Notes", "Notes the report;"),
            Paragraph(K.OPERATIVE, "OP1 bis", "1 bis.", "Urges", "Urges action;"),
            Paragraph(K.OPERATIVE, "OP2", "2.", "Decides", "Decides to continue."),
        )
    )
    new = Draft(
        paragraphs=(
            Paragraph(K.OPERATIVE, "OP1", "1.", "Notes", "Notes the report;"),
            Paragraph(K.OPERATIVE, "OP2", "2.", "Urges", "Urges action;"),
            Paragraph(K.OPERATIVE, "OP3", "3.", "Decides", "Decides to continue."),
        )
    )
    changes = [RedlineChange("unchanged", (i,), (i,)) for i in range(3)]
    raw = export_redline(old, new, changes, HEADING, DATE, PENHOLDER)
    assert [(s.number, s.text) for s in read_view(raw, "accepted")] == texts(new)
    assert [(s.number, s.text) for s in read_view(raw, "rejected")] == texts(old)
    root = part(raw, "word/document.xml")
    (change,) = root.iter(q("pPrChange"))
    assert change.get(q("author")) == PENHOLDER and change.find("w:pPr/w:numPr", NS) is None
    assert [text for kind, _, text in revision_authors(raw)] == ["1 bis."]


def test_steps_claiming_their_place_out_of_order_are_written_as_moves() -> None:
    new = Draft(
        paragraphs=numbered([OLD_PARAGRAPHS[i] for i in (0, 1, 2, 3, 4, 6, 7, 8, 5, 9, 10, 11)])
    )
    order = (0, 1, 2, 3, 4, 6, 7, 8, 5, 9, 10, 11)
    changes = [RedlineChange("unchanged", (o,), (n,)) for n, o in enumerate(order)]
    raw = export_redline(OLD, new, changes, HEADING, DATE, PENHOLDER)
    assert [(s.number, s.text) for s in read_view(raw, "accepted")] == texts(new)
    assert [(s.number, s.text) for s in read_view(raw, "rejected")] == texts(OLD)
    assert {kind for kind, _, _ in revision_authors(raw)} == {"moveFrom", "moveTo"}


def test_one_paragraph_out_of_order_becomes_the_move_not_everything_before_it() -> None:
    order = (11, *range(11))
    new = Draft(paragraphs=numbered([OLD_PARAGRAPHS[i] for i in order]))
    changes = [RedlineChange("unchanged", (o,), (n,)) for n, o in enumerate(order)]
    raw = export_redline(OLD, new, changes, HEADING, DATE, PENHOLDER)
    moved = {text for kind, _, text in revision_authors(raw) if kind == "moveTo" and text}
    assert moved == {OLD.paragraphs[11].text}
    assert [(s.number, s.text) for s in read_view(raw, "rejected")] == texts(OLD)


def test_a_diff_that_does_not_fit_the_texts_replaces_the_paragraph_whole() -> None:
    new, _ = build(
        *same(0, 1, 2, 3, 4),
        ("edit", 5, "Welcomes warmly the report;", []),
        *same(6, 7, 8, 9, 10, 11),
    )
    wrong = word_diff("Something else entirely;", "Welcomes warmly the report;")
    changes = [RedlineChange("unchanged", (i,), (i,)) for i in range(12)]
    changes[5] = RedlineChange("modified", (5,), (5,), wrong, ("Mexico",))
    raw = export_redline(OLD, new, changes, HEADING, DATE, PENHOLDER)
    assert [s.text for s in read_view(raw, "accepted")] == [p.text for p in new.paragraphs]
    assert [s.text for s in read_view(raw, "rejected")] == [p.text for p in OLD.paragraphs]
    assert [(kind, author) for kind, author, _ in revision_authors(raw)] == [
        ("del", PENHOLDER),
        ("ins", PENHOLDER),
    ]


def test_changes_that_leave_out_a_paragraph_are_refused() -> None:
    new, changes = SCENARIOS["added"]
    with pytest.raises(ValueError, match="exactly one change"):
        export_redline(OLD, new, changes[:-1], HEADING, DATE, PENHOLDER)
    with pytest.raises(ValueError, match="two changes"):
        export_redline(
            OLD, new, [*changes, RedlineChange("deleted", (3,), ())], HEADING, DATE, PENHOLDER
        )


@pytest.mark.libreoffice
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_opens_the_redline_and_shows_inserted_and_deleted_words(tmp_path: Path) -> None:
    raw = redline("everything at once")
    profile = tmp_path / "lo-profile-redline"
    assert convert(raw, "pdf", tmp_path, profile).startswith(b"%PDF")
    text = convert(raw, "txt:Text (encoded):UTF8", tmp_path, profile).decode("utf-8-sig")
    # LibreOffice's text export prints tracked text as shown on screen: deleted and inserted
    # words both, moved paragraphs at both places.
    for shown in read_view(raw, "all"):
        assert shown.text in text
    assert text.count(OLD.paragraphs[4].text) == 2
    resaved = convert(raw, "docx:MS Word 2007 XML", tmp_path, profile)
    # Re-written by LibreOffice from its own model, the file still accepts to new and rejects
    # to old, numbers included: LibreOffice read every revision and paragraph mark as meant.
    new, _ = SCENARIOS["everything at once"]
    accepted = [(s.number, s.text) for s in read_view(resaved, "accepted", ("",)) if s.text]
    rejected = [(s.number, s.text) for s in read_view(resaved, "rejected", ("",)) if s.text]
    assert (accepted, rejected) == (texts(new), texts(OLD))


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_project_reader_sees_the_new_draft_accepted_and_the_old_one_rejected(name: str) -> None:
    new, _ = SCENARIOS[name]
    raw = redline(name)
    for view, draft in (("accepted", new), ("rejected", OLD)):
        blocks = read_docx_blocks(raw, view=view)
        shown = [(b.number, b.text) for b in blocks][-len(draft.paragraphs) :]
        assert shown == texts(draft)
