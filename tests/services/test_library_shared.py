"""The library on real resolutions: ../shared/library/un-resolutions.tar.xz (see its README).

A quarter of the shared library (every fourth resolution in manifest order) is imported once per
database, so the suite stays fast; `penholder bench library` uses all of it. Phrases and
paragraphs are picked at random (fixed seeds) from the imported texts, and `phrase` is checked
against a brute-force scan of every stored paragraph.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from app.core.vocabulary import SearchMode
from app.db.models import LibraryDocument, LibraryParagraph
from app.db.repositories.drafts import paragraphs_of_draft
from app.db.repositories.library import LibraryScope
from app.db.session import get_engine, transaction
from app.services.drafts import Upload, upload_draft
from app.services.library import import_upload
from app.services.library_files import library_entries
from app.services.library_search import paragraph_precedents, search_library
from app.services.negotiations import NewNegotiation, create_negotiation
from tests.databases import PG_URL, temp_database

ARCHIVE = Path(__file__).resolve().parents[2].parent / "shared/library/un-resolutions.tar.xz"
SHARE = 4  # every SHARE-th resolution is imported

Texts = list[tuple[str, str]]  # (symbol, paragraph text) of every stored paragraph


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def shared(request: pytest.FixtureRequest) -> Iterator[tuple[Engine, Texts]]:
    """A database holding a quarter of the shared library, and its paragraphs' texts."""
    if not ARCHIVE.exists():
        pytest.skip(f"the shared library is absent: {ARCHIVE} (../shared/library)")
    if request.param == "postgres" and not PG_URL:
        pytest.skip("PostgreSQL tests skipped: PENHOLDER_TEST_DATABASE_URL is not set")
    entries = library_entries(ARCHIVE, 20 * 2**20)[::SHARE]
    with temp_database(request.param) as url:
        engine = get_engine(url)
        with transaction(engine, write=True) as session:
            for entry in entries:
                assert entry.upload is not None, entry.problem
                import_upload(session, "test", entry.upload)
        with transaction(engine) as session:
            texts = session.execute(
                select(LibraryDocument.symbol, LibraryParagraph.text).join(
                    LibraryDocument, LibraryDocument.id == LibraryParagraph.document_id
                )
            ).all()
        yield engine, [(symbol, text) for symbol, text in texts]


def words(text: str) -> list[str]:
    """Words as a reader sees them: letters and digits, case ignored (not the app's code)."""
    return re.findall(r"\w+", text.casefold())


def test_every_random_8_word_phrase_is_found_in_exactly_the_documents_that_hold_it(
    shared: tuple[Engine, Texts],
) -> None:
    engine, texts = shared
    scan = [(symbol, " " + " ".join(words(text)) + " ") for symbol, text in texts]
    rng = random.Random(15)
    long_enough = [text for _, text in texts if len(words(text)) >= 8]
    for _ in range(40):
        text = rng.choice(long_enough)
        spans = [m.span() for m in re.finditer(r"\w+", text)]
        start = rng.randrange(len(spans) - 7)
        phrase = text[spans[start][0] : spans[start + 7][1]]  # as printed: case, punctuation
        needle = " " + " ".join(words(phrase)) + " "
        expected = {symbol for symbol, norm in scan if needle in norm}
        with transaction(engine) as session:
            found = search_library(
                session, phrase, SearchMode.PHRASE, LibraryScope(), limit=10_000, offset=0
            )
        assert {hit.symbol for hit in found.items} == expected, phrase
        assert found.total == sum(needle in norm for _, norm in scan), phrase


def test_a_paragraph_with_one_or_two_words_changed_finds_its_source_first(
    shared: tuple[Engine, Texts],
) -> None:
    engine, texts = shared
    seen: dict[str, int] = {}
    for _, text in texts:
        key = " ".join(words(text))
        seen[key] = seen.get(key, 0) + 1
    unique = [
        text for _, text in texts if len(words(text)) >= 20 and seen[" ".join(words(text))] == 1
    ]
    rng = random.Random(16)
    for round_ in range(30):
        source = rng.choice(unique)
        tokens = source.split(" ")
        for _ in range(1 + round_ % 2):  # one word changed, or two
            tokens[rng.randrange(len(tokens))] = rng.choice(["strongly", "further", "all"])
        with transaction(engine) as session:
            found = search_library(
                session, " ".join(tokens), SearchMode.SIMILAR, LibraryScope(), limit=1, offset=0
            )
        assert found.items[0].text == source


def test_a_draft_paragraph_copied_from_the_library_shows_that_text_first(
    shared: tuple[Engine, Texts],
) -> None:
    engine, texts = shared
    rng = random.Random(17)
    operative = [
        text for _, text in texts if re.match(r"^[A-Z][a-z]+s ", text) and len(words(text)) >= 12
    ]
    copied = rng.sample(operative, 5)
    draft = "The Human Rights Council,\n\nRecalling its resolutions,\n\n" + "\n\n".join(
        f"{n}. {text}" for n, text in enumerate(copied, start=1)
    )
    with transaction(engine, write=True) as session:
        slug = create_negotiation(session, "test", NewNegotiation(title="Copied", body="HRC")).slug
        stored = upload_draft(
            session,
            "test",
            slug,
            Upload(raw=draft.encode(), file_name="d.txt", media_type="text/plain", label="D1"),
        )
        paragraph_ids = {p.text: p.id for p in paragraphs_of_draft(session, stored.id)}
    for text in copied:
        with transaction(engine) as session:
            found = paragraph_precedents(session, slug, 1, paragraph_ids[text])
        assert words(found.items[0].text) == words(text)
        assert found.items[0].score == 1.0
