"""The Word versions of sample drafts read exactly like their text versions."""

from __future__ import annotations

import io
import zipfile

import pytest

from app.core.model import Draft
from app.core.parsing.docx import parse_docx
from app.core.parsing.text import read_text_draft
from tests.conftest import SAMPLES

PAIRS = ["02-rev1", "04-l22"]


def shape(draft: Draft) -> list[tuple[str, str, str, str]]:
    return [(p.kind, p.label, p.number, p.text) for p in draft.paragraphs]


@pytest.mark.parametrize("name", PAIRS)
def test_word_and_text_versions_give_identical_paragraphs(name: str) -> None:
    text = read_text_draft((SAMPLES / f"{name}.txt").read_bytes())
    word = parse_docx((SAMPLES / f"{name}.docx").read_bytes())
    assert shape(word) == shape(text)
    assert [p.lead for p in word.paragraphs] == [p.lead for p in text.paragraphs]


@pytest.mark.parametrize("name", PAIRS)
def test_word_versions_use_automatic_numbering_and_italic_leads(name: str) -> None:
    raw = (SAMPLES / f"{name}.docx").read_bytes()
    body = zipfile.ZipFile(io.BytesIO(raw)).read("word/document.xml").decode()
    assert body.count("<w:numPr>") >= 20, "operative paragraphs carry Word list numbering"
    word = parse_docx(raw)
    operative = [p for p in word.paragraphs if p.kind == "operative"]
    assert all(p.italics and p.italics[0][0] == 0 for p in operative if p.lead)
    assert not any(p.text[:1].isdigit() for p in operative), "numbers are not typed in the text"


def test_the_l_document_in_word_carries_real_footnotes() -> None:
    raw = (SAMPLES / "04-l22.docx").read_bytes()
    assert "word/footnotes.xml" in zipfile.ZipFile(io.BytesIO(raw)).namelist()
    notes = [f for p in parse_docx(raw).paragraphs for f in p.footnotes]
    assert len(notes) == 6 and notes[0].text.startswith("General Assembly resolution 217 A")
