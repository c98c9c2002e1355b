"""Word list numbers: computed from the numbering part, checked against LibreOffice's export."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.parsing.docx import read_docx_blocks
from app.core.parsing.docx_numbering import format_number
from tests.core.docx_builders import abstract_num, docx, lvl, num, p, start_override, style

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "word"
UN_LEVELS = (lvl(0), lvl(1, "lowerLetter", "(%2)"), lvl(2, "lowerRoman", "(%3)"))


def un_resolution() -> bytes:
    """Operative paragraphs 1., 2. with sub-paragraphs (a), (b) and (i), (ii)."""
    body = "".join(
        [
            p("Recalling its earlier resolutions,"),
            p("Welcomes the report;", num_id=1, ilvl=0),
            p("Urges all States:", num_id=1, ilvl=0),
            p("to cooperate fully;", num_id=1, ilvl=1),
            p("to report on:", num_id=1, ilvl=1),
            p("progress made;", num_id=1, ilvl=2),
            p("obstacles met;", num_id=1, ilvl=2),
            p("to act now;", num_id=1, ilvl=1),
            p("Decides to remain seized of the matter.", num_id=1, ilvl=0),
        ]
    )
    return docx(body, numbering=abstract_num(0, *UN_LEVELS) + num(1, 0))


def restarts_and_overrides() -> bytes:
    """Two nums on one definition continue each other; a startOverride restarts; numId 0."""
    numbering = (
        abstract_num(7, lvl(0), lvl(1, "lowerLetter", "(%2)"))
        + num(10, 7)
        + num(11, 7, start_override(0, 1))
        + num(12, 7)
        + num(13, 7, start_override(0, 5))
    )
    body = "".join(
        [
            p("first main item", num_id=10, ilvl=0),
            p("second main item", num_id=10, ilvl=0),
            p("unnumbered by numId zero", num_id=0, ilvl=0),
            p("third main item", num_id=10, ilvl=0),
            p("a sub item", num_id=10, ilvl=1),
            p("continued through another num", num_id=12, ilvl=0),
            p("restarted annex item", num_id=11, ilvl=0),
            p("second annex item", num_id=11, ilvl=0),
            p("starting at five", num_id=13, ilvl=0),
            p("six follows five", num_id=13, ilvl=0),
        ]
    )
    return docx(body, numbering=numbering)


def patterns_and_formats() -> bytes:
    """lvlText patterns over several levels and every common number format."""
    numbering = (
        abstract_num(
            1,
            lvl(0, "upperRoman", "Part %1."),
            lvl(1, "decimal", "%1.%2."),
            lvl(2, "upperLetter", "%3)"),
            lvl(3, "decimalZero", "%4 -"),
        )
        + abstract_num(2, lvl(0, "lowerLetter", "(%1)"))
        + abstract_num(3, lvl(0, "bullet", "•"), lvl(1, "none", ""))
        + num(1, 1)
        + num(2, 2)
        + num(3, 3)
    )
    body = [
        p("part one heading", num_id=1, ilvl=0),
        p("section one of part one", num_id=1, ilvl=1),
        p("lettered point under it", num_id=1, ilvl=2),
        p("zero padded item", num_id=1, ilvl=3),
        p("section two of part one", num_id=1, ilvl=1),
        p("part two heading", num_id=1, ilvl=0),
        p("section one of part two", num_id=1, ilvl=1),
        p("a bulleted line", num_id=3, ilvl=0),
        p("a level with no number", num_id=3, ilvl=1),
    ]
    body += [p(f"lettered entry number {i:02d}", num_id=2, ilvl=0) for i in range(1, 29)]
    return docx("".join(body), numbering=numbering)


def numbering_through_styles() -> bytes:
    """Numbers carried by paragraph styles, inherited through basedOn; ilvl from lvl/pStyle."""
    styles = (
        style("Normal")
        + style("UNOperative", ppr='<w:numPr><w:numId w:val="5"/></w:numPr>')
        + style("UNOperativeLast", based_on="UNOperative")
        + style("UNSub", ppr='<w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr>')
        + style("UNSubSub", based_on="UNOperative", ppr='<w:numPr><w:numId w:val="5"/></w:numPr>')
    )
    numbering = abstract_num(
        4,
        lvl(0, style="UNOperative"),
        lvl(1, "lowerLetter", "(%2)"),
        lvl(2, "lowerRoman", "(%3)", style="UNSubSub"),
    ) + num(5, 4)
    body = "".join(
        [
            p("styled operative one", style="UNOperative"),
            p("styled sub one", style="UNSub"),
            p("styled sub sub one", style="UNSubSub"),
            p("styled operative two", style="UNOperative"),
            p("direct numId zero wins over the style", style="UNOperative", num_id=0),
            p("direct level one under a styled list", style="UNOperative", ilvl=1),
            p("based on the operative style", style="UNOperativeLast"),
        ]
    )
    return docx(body, numbering=numbering, styles=styles)


def style_linked_definition() -> bytes:
    """An abstractNum that only holds numStyleLink: levels come from the linked definition."""
    styles = style("UNList", "numbering", ppr='<w:numPr><w:numId w:val="21"/></w:numPr>') + style(
        "Normal"
    )
    numbering = (
        abstract_num(20, extra='<w:numStyleLink w:val="UNList"/>')
        + abstract_num(
            21,
            lvl(0, "decimal", "%1."),
            lvl(1, "lowerLetter", "(%2)"),
            extra='<w:styleLink w:val="UNList"/>',
        )
        + num(20, 20)
        + num(21, 21)
    )
    body = "".join(
        [
            p("linked item one", num_id=20, ilvl=0),
            p("linked sub item", num_id=20, ilvl=1),
            p("linked item two", num_id=20, ilvl=0),
        ]
    )
    return docx(body, numbering=numbering, styles=styles)


def legal_and_no_restart() -> bytes:
    """isLgl prints higher levels as decimals; lvlRestart 0 never restarts a level."""
    numbering = (
        abstract_num(1, lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%1.%2", legal=True))
        + abstract_num(2, lvl(0), lvl(1, "lowerLetter", "(%2)", restart=0))
        + abstract_num(3, lvl(0, start=None), lvl(1, "decimal", "%1.%2", restart=1))
        + num(1, 1)
        + num(2, 2)
        + num(3, 3)
    )
    body = "".join(
        [
            p("roman chapter", num_id=1, ilvl=0),
            p("legal style section", num_id=1, ilvl=1),
            p("never restarted top", num_id=2, ilvl=0),
            p("never restarted sub a", num_id=2, ilvl=1),
            p("never restarted next top", num_id=2, ilvl=0),
            p("never restarted sub b", num_id=2, ilvl=1),
            p("start absent means zero", num_id=3, ilvl=0),
            p("restart after level one", num_id=3, ilvl=1),
        ]
    )
    return docx(body, numbering=numbering)


def whole_level_override() -> bytes:
    """A lvlOverride holding a whole w:lvl replaces the definition's level for that num only."""
    replacement = (
        '<w:lvlOverride w:ilvl="0">'
        + lvl(0, "upperLetter", "Annex %1:", start=1)
        + "</w:lvlOverride>"
    )
    numbering = abstract_num(1, lvl(0)) + num(1, 1) + num(2, 1, replacement)
    body = "".join(
        [
            p("ordinary first", num_id=1, ilvl=0),
            p("replaced level item", num_id=2, ilvl=0),
            p("ordinary again", num_id=1, ilvl=0),
        ]
    )
    return docx(body, numbering=numbering)


def skipped_level() -> bytes:
    """A list that opens at level 1: the unused level 0 prints its start value minus one."""
    numbering = abstract_num(1, lvl(0), lvl(1, "decimal", "%1.%2")) + num(1, 1)
    body = "".join(
        [
            p("opens at the second level", num_id=1, ilvl=1),
            p("then the first level", num_id=1, ilvl=0),
            p("and the second again", num_id=1, ilvl=1),
        ]
    )
    return docx(body, numbering=numbering)


SYNTHETIC: dict[str, Callable[[], bytes]] = {
    "un-resolution": un_resolution,
    "restarts-and-overrides": restarts_and_overrides,
    "patterns-and-formats": patterns_and_formats,
    "numbering-through-styles": numbering_through_styles,
    "style-linked-definition": style_linked_definition,
    "legal-and-no-restart": legal_and_no_restart,
    "whole-level-override": whole_level_override,
    "skipped-level": skipped_level,
}
REAL = {
    "legal-list": FIXTURES / "splittist-docxfix" / "legal-list.docx",
    "styled-numbering": FIXTURES / "splittist-docxfix" / "styled-numbering.docx",
    "sections": FIXTURES / "splittist-docxfix" / "sections.docx",
    "test06": FIXTURES / "morungos-node-word-extractor" / "test06.docx",
    "test17": FIXTURES / "morungos-node-word-extractor" / "test17.docx",
    "bigfile-01": FIXTURES / "morungos-node-word-extractor" / "bigfile-01.docx",
}


def fixture_bytes(name: str) -> bytes:
    """The bytes of a numbering fixture, synthetic or real."""
    return SYNTHETIC[name]() if name in SYNTHETIC else REAL[name].read_bytes()


def labels(raw: bytes) -> list[tuple[str, str]]:
    """(number, text) of every block."""
    return [(b.number, b.text) for b in read_docx_blocks(raw)]


def test_un_resolution_numbers_operative_paragraphs_and_subparagraphs() -> None:
    assert labels(un_resolution()) == [
        ("", "Recalling its earlier resolutions,"),
        ("1.", "Welcomes the report;"),
        ("2.", "Urges all States:"),
        ("(a)", "to cooperate fully;"),
        ("(b)", "to report on:"),
        ("(i)", "progress made;"),
        ("(ii)", "obstacles met;"),
        ("(c)", "to act now;"),
        ("3.", "Decides to remain seized of the matter."),
    ]


def test_level_hint_is_the_word_list_level() -> None:
    blocks = read_docx_blocks(un_resolution())
    assert [b.level_hint for b in blocks] == [None, 0, 0, 1, 1, 2, 2, 1, 0]


def test_nums_of_one_definition_share_counters_and_start_overrides_restart() -> None:
    assert [n for n, _ in labels(restarts_and_overrides())] == [
        "1.", "2.", "", "3.", "(a)", "4.", "1.", "2.", "5.", "6.",
    ]  # fmt: skip


def test_lvltext_patterns_combine_levels_in_their_own_formats() -> None:
    numbers = [n for n, _ in labels(patterns_and_formats())]
    assert numbers[:9] == ["Part I.", "I.1.", "A)", "01 -", "I.2.", "Part II.", "II.1.", "•", ""]


def test_letters_after_z_repeat_the_letter() -> None:
    numbers = [n for n, _ in labels(patterns_and_formats())][9:]
    assert numbers[0] == "(a)" and numbers[25] == "(z)"
    assert numbers[26:] == ["(aa)", "(bb)"]


def test_numbering_comes_through_paragraph_styles_and_based_on_chains() -> None:
    assert labels(numbering_through_styles()) == [
        ("1.", "styled operative one"),
        ("(a)", "styled sub one"),
        ("(i)", "styled sub sub one"),
        ("2.", "styled operative two"),
        ("", "direct numId zero wins over the style"),
        ("(a)", "direct level one under a styled list"),
        ("3.", "based on the operative style"),
    ]


def test_num_style_link_leads_to_the_linked_definition() -> None:
    assert [n for n, _ in labels(style_linked_definition())] == ["1.", "(a)", "2."]


def test_is_lgl_prints_decimals_and_restart_zero_never_restarts() -> None:
    assert [n for n, _ in labels(legal_and_no_restart())] == [
        "I.", "1.1", "1.", "(a)", "2.", "(b)", "0.", "0.1",
    ]  # fmt: skip


def test_a_level_never_used_prints_one_less_than_its_start() -> None:
    assert [n for n, _ in labels(skipped_level())] == ["0.1", "1.", "1.1"]


def test_a_whole_level_override_applies_to_its_num_only() -> None:
    assert [n for n, _ in labels(whole_level_override())] == ["1.", "Annex B:", "3."]


def test_real_word_legal_list_reads_as_word_shows_it() -> None:
    assert [n for n, _ in labels(REAL["legal-list"].read_bytes())] == [
        "1.", "1.1.", "2.", "2.1.", "2.1.1.",
    ]  # fmt: skip


def test_real_word_styled_numbering_takes_levels_from_the_styles() -> None:
    numbered = [n for n, _ in labels(REAL["styled-numbering"].read_bytes()) if n]
    assert numbered == ["1", "1.1", "(a)", "(i)"]


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (4, "decimal", "4"),
        (4, "decimalZero", "04"),
        (12, "decimalZero", "12"),
        (4, "lowerRoman", "iv"),
        (1994, "upperRoman", "MCMXCIV"),
        (28, "lowerLetter", "bb"),
        (3, "upperLetter", "C"),
        (2, "ordinal", "2nd"),
        (13, "ordinal", "13th"),
        (3, "none", ""),
        (7, "chineseCounting", "7"),
    ],
)
def test_number_formats(value: int, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


# --- LibreOffice agreement -------------------------------------------------------------------

BULLETS = set("•▪◦‣➢✓❖o-–\uf0b7\uf0a7")
IS_LGL = "LibreOffice ignores w:isLgl (ECMA-376 §17.9.4: all levels print as decimals)"
RESTART_ZERO = (
    "LibreOffice restarts a level whose w:lvlRestart is 0 (ECMA-376 §17.9.10: never restart)"
)
LEVEL_BY_STYLE = (
    "LibreOffice puts a styled paragraph whose numPr has no ilvl at level 0; ECMA-376 §17.9.23 "
    "applies the level whose w:pStyle names the style, so later numbers shift too"
)
SKIPPED_LEVEL = (
    "ECMA-376 does not say what an unused higher level prints; we print start - 1 ('0.1', as "
    "Word is reported to), LibreOffice prints the start value and counts the level as used"
)
# Where LibreOffice 7.4 and we differ, because it departs from ECMA-376 or the standard is
# silent: (fixture, text start) -> (our label, LibreOffice's label, why).
LIBREOFFICE_DEPARTURES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("legal-and-no-restart", "legal style section"): ("1.1", "I.1", IS_LGL),
    ("legal-and-no-restart", "never restarted sub b"): ("(b)", "(a)", RESTART_ZERO),
    ("skipped-level", "opens at the second level"): ("0.1", "1.1", SKIPPED_LEVEL),
    ("skipped-level", "then the first level"): ("1.", "2.", SKIPPED_LEVEL),
    ("skipped-level", "and the second again"): ("1.1", "2.1", SKIPPED_LEVEL),
    ("numbering-through-styles", "styled sub sub one"): ("(i)", "2.", LEVEL_BY_STYLE),
    ("numbering-through-styles", "styled operative two"): ("2.", "3.", LEVEL_BY_STYLE),
    ("numbering-through-styles", "based on the operative style"): ("3.", "4.", LEVEL_BY_STYLE),
}


@pytest.fixture(scope="module")
def libreoffice_lines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Every numbering fixture converted to text by LibreOffice in one soffice call."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; the label comparison needs it")
    work = tmp_path_factory.mktemp("libreoffice")
    sources = []
    for name in [*SYNTHETIC, *REAL]:
        path = work / f"{name}.docx"
        path.write_bytes(fixture_bytes(name))
        sources.append(str(path))
    out = work / "txt"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(out),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {
        name: [line.strip() for line in (out / f"{name}.txt").read_text("utf-8-sig").splitlines()]
        for name in [*SYNTHETIC, *REAL]
    }


def libreoffice_label(lines: list[str], start: int, text: str) -> tuple[str, int] | None:
    """The label LibreOffice prints before `text` on the next line holding it, and that line."""
    probe = text[:25]
    for index in range(start, len(lines)):
        at = lines[index].find(probe)
        if at >= 0:
            return lines[index][:at].strip(), index
    return None


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", [*SYNTHETIC, *REAL])
def test_labels_agree_with_libreoffice(name: str, libreoffice_lines: dict[str, list[str]]) -> None:
    """Every label we compute is the one LibreOffice prints, except the departures listed.

    Not compared: paragraphs holding tracked changes (LibreOffice's text export prints deleted
    text too, and shows a list item with a deletion as a deleted item), paragraphs LibreOffice
    does not export (text boxes, fields in headers), and the glyph of a bullet: LibreOffice
    substitutes its own bullet characters for Symbol and Wingdings ones, so bullets are
    compared as "both show a bullet".
    """
    lines = libreoffice_lines[name]
    cursor, compared = 0, 0
    for block in read_docx_blocks(fixture_bytes(name)):
        found = libreoffice_label(lines, cursor, block.text)
        assert found is not None or name in REAL, f"LibreOffice did not print {block.text!r}"
        if found is None or block.revisions:
            continue
        shown, cursor = found[0], found[1] + 1
        departure = next(
            (
                why
                for (fixture, start), why in LIBREOFFICE_DEPARTURES.items()
                if fixture == name and block.text.startswith(start)
            ),
            None,
        )
        if departure is not None:
            assert (block.number, shown) == departure[:2], departure[2]
        elif block.number in BULLETS or "\uf000" <= block.number[:1] <= "\uf0ff":
            assert shown in BULLETS
        else:
            assert block.number == shown, block.text
        compared += 1
    assert compared > 0
