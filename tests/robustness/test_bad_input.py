"""Hostile and broken input: a clear 4xx problem+json, nothing stored, never a 500 or a hang.

Every refusal is checked the same way: the status, the problem+json body with a reason in
plain words, and the row count of every table before and after. Decisions this suite holds:
a paragraph of `MAX_PARAGRAPH_CHARS` (20,000) characters is accepted and a longer one refused
with 413; a draft with more than `MAX_PARAGRAPHS` (5,000) paragraphs is refused with 413;
Latin-1 text is accepted, UTF-16 with a byte-order mark is accepted, UTF-16 without one is
refused.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.core.parsing.limits import MAX_PARAGRAPH_CHARS, MAX_PARAGRAPHS
from app.core.parsing.pdf_safety import SCANNED
from app.settings import Settings
from tests.api.rows import row_counts
from tests.pdf_builders import (
    encrypted_pdf,
    inflating_pdf,
    minimal_pdf,
    scanned_pdf,
    text_page,
)

HEAD = "The Human Rights Council,\n\nRecalling its earlier resolutions,\n\n"
SHORT = (
    HEAD + "1. Urges States to protect human rights defenders;\n\n2. Decides to remain seized.\n"
)
UNICODE_PARAGRAPHS = [
    "يحث الدول على حماية المدافعين عن حقوق الإنسان\u200f؛",  # right-to-left Arabic, RLM
    "敦促各国保护人权维护者并确保其安全；",  # Chinese, no spaces
    "Urges Cafe\u0301 owners and Nin\u0303o to re\u0302ve;",  # combining marks, not NFC
    "Urges States\u200b to pro\u200dtect\u200c defenders\u2060 and\ufeff others;",  # zero-width
    "Décide de rester saisie de la question.",
]


RESOLUTION_PDF = minimal_pdf(
    [text_page(["The Human Rights Council,", "", "1. Urges States to act;", "", "2. Decides."])]
)


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings whose PDF reader may use 400 MB, so that a PDF bomb is stopped within seconds."""
    return Settings(database_url=database_url, pdf_max_memory_mb=400, pdf_max_seconds=10)


@pytest.fixture
def slug(client: TestClient) -> str:
    """A negotiation of the test's own."""
    created = client.post("/api/v1/negotiations", json={"title": "Bad input", "body": "HRC"})
    assert created.status_code == 201, created.text
    return str(created.json()["slug"])


def upload(
    client: TestClient, slug: str, raw: bytes, name: str = "draft.txt", **fields: str
) -> Any:
    """Upload `raw` as a multipart file."""
    return client.post(
        f"/api/v1/negotiations/{slug}/drafts",
        data={"label": "Rev.1", **fields},
        files={"file": (name, raw, "text/plain")},
    )


def assert_refused(response: Any, status: int, reason: str) -> None:
    """A problem+json refusal with `status` whose detail says `reason`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == status and problem["title"] and problem["type"]
    assert reason.lower() in problem["detail"].lower(), problem["detail"]
    assert "Traceback" not in response.text and "sqlalchemy" not in response.text.lower()


@pytest.mark.parametrize(
    ("raw", "name", "status", "reason"),
    [
        (b"", "draft.txt", 422, "empty"),
        (b"  \n\n\t \r\n", "draft.txt", 422, "empty"),
        (bytes(range(256)) * 40, "draft.txt", 422, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(200)) * 5, "draft.txt", 422, "not"),
        (b"PK\x03\x04 not really a zip", "draft.docx", 422, ""),
        (SHORT.encode("utf-16-le"), "draft.txt", 422, "not a text file"),
        (b"\xff\xfe" + b"\x00\xd8" * 10, "draft.txt", 422, "UTF-16"),
        (b"Just a heading\n\nAnd a line of prose without any structure\n", "d.txt", 422, "no"),
        (SHORT.encode(), "draft.pdf", 422, "not a PDF"),
        (SHORT.encode(), "draft.exe", 422, "upload a .docx, .pdf, .txt or .md"),
        (SHORT.encode(), "../../../../etc/passwd", 422, "upload a .docx, .pdf, .txt or .md"),
    ],
    ids=[
        "empty-file",
        "only-whitespace",
        "binary-junk-named-txt",
        "png-named-txt",
        "junk-named-docx",
        "utf16-without-bom",
        "utf16-bom-but-broken",
        "no-paragraphs",
        "text-named-pdf",
        "unknown-suffix",
        "path-traversal-without-suffix",
    ],
)
def test_an_unreadable_upload_is_refused_and_stores_nothing(
    client: TestClient, db: Session, slug: str, raw: bytes, name: str, status: int, reason: str
) -> None:
    before = row_counts(db)
    assert_refused(upload(client, slug, raw, name), status, reason)
    assert row_counts(db) == before


@pytest.mark.parametrize(
    ("raw", "status", "reason"),
    [
        (b"%PDF-1.7\n" + bytes(range(256)) * 40, 422, "damaged"),
        (RESOLUTION_PDF[: len(RESOLUTION_PDF) // 3], 422, "damaged"),
        (b"GIF89a" + bytes(range(256)) * 4, 422, "not a PDF"),
        (encrypted_pdf(), 422, "protected by a password"),
        (scanned_pdf(), 422, SCANNED),
        (minimal_pdf([b""]), 422, "no text"),
        (minimal_pdf([text_page(["Dear friend,", "", "I hope you are well."])]), 422, "no "),
        (minimal_pdf([b""] * 501), 413, "at most 500 pages"),
        (inflating_pdf(100), 422, "more memory or time"),
    ],
    ids=[
        "damaged",
        "truncated",
        "not-a-pdf",
        "encrypted",
        "scan",
        "blank-pages",
        "not-a-resolution",
        "too-many-pages",
        "bomb",
    ],
)
def test_a_pdf_that_cannot_be_read_is_refused_stores_nothing_and_the_server_goes_on(
    client: TestClient, db: Session, slug: str, raw: bytes, status: int, reason: str
) -> None:
    before = row_counts(db)
    assert_refused(upload(client, slug, raw, "A-HRC-58-L.22.pdf"), status, reason)
    assert row_counts(db) == before
    assert client.get("/api/v1/health").status_code == 200
    stored = upload(client, slug, RESOLUTION_PDF, "A-HRC-58-L.22.pdf")
    assert stored.status_code == 201, stored.text


def test_a_pdf_over_the_upload_size_limit_is_refused_with_413(
    client: TestClient, db: Session, slug: str
) -> None:
    before = row_counts(db)
    raw = RESOLUTION_PDF + b"%" + b"x" * (21 * 1024 * 1024)
    assert_refused(upload(client, slug, raw, "huge.pdf"), 413, "larger than the limit")
    assert row_counts(db) == before


@pytest.mark.parametrize(
    ("encoding", "bom"), [("latin-1", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")]
)
def test_latin1_and_utf16_with_a_bom_are_read_as_the_text_they_are(
    client: TestClient, slug: str, encoding: str, bom: bytes
) -> None:
    text = HEAD + "1. Urges States to protect défenseurs and their famílias;\n"
    raw = bom + text.encode(encoding)
    response = upload(client, slug, raw)
    assert response.status_code == 201, response.text
    texts = [p["text"] for p in response.json()["paragraphs"]]
    assert "Urges States to protect défenseurs and their famílias;" in texts
    assert client.get(f"/api/v1/negotiations/{slug}/drafts/1/source").content == raw


def test_cyrillic_in_a_legacy_code_page_is_refused_not_misread(
    client: TestClient, db: Session, slug: str
) -> None:
    text = "Совет по правам человека,\n\nссылаясь на резолюции,\n\n1. призывает государства;\n"
    before = row_counts(db)
    assert_refused(upload(client, slug, text.encode("cp1251")), 422, "utf-8")
    assert row_counts(db) == before


def longest_paragraph(extra: int = 0) -> str:
    """A preambular paragraph of `MAX_PARAGRAPH_CHARS` characters, plus `extra`."""
    words = "Recalling " + "the rights of defenders " * (MAX_PARAGRAPH_CHARS // 24)
    return (words + "x" * MAX_PARAGRAPH_CHARS)[: MAX_PARAGRAPH_CHARS + extra - 1] + ","


def test_a_paragraph_of_the_longest_length_is_accepted_whole(client: TestClient, slug: str) -> None:
    paragraph = longest_paragraph()
    assert len(paragraph) == MAX_PARAGRAPH_CHARS
    response = upload(client, slug, (HEAD + paragraph + "\n\n1. Urges States;\n").encode())
    assert response.status_code == 201, response.text[:500]
    assert paragraph in [p["text"] for p in response.json()["paragraphs"]]


def test_a_paragraph_one_character_longer_is_refused_naming_it_and_the_limit(
    client: TestClient, db: Session, slug: str
) -> None:
    before = row_counts(db)
    response = upload(client, slug, (HEAD + longest_paragraph(1) + "\n\n1. Urges;\n").encode())
    assert_refused(response, 413, f"PP2 has {MAX_PARAGRAPH_CHARS + 1:,} characters")
    assert f"at most {MAX_PARAGRAPH_CHARS:,}" in response.json()["detail"]
    assert row_counts(db) == before


def test_fifty_thousand_one_word_paragraphs_are_refused_with_the_limit(
    client: TestClient, db: Session, slug: str
) -> None:
    raw = (HEAD + "\n\n".join(f"{i}. Urges;" for i in range(1, 50_001))).encode()
    before = row_counts(db)
    assert_refused(upload(client, slug, raw), 413, f"at most {MAX_PARAGRAPHS:,}")
    assert row_counts(db) == before


def test_a_draft_just_under_the_paragraph_limit_is_stored(client: TestClient, slug: str) -> None:
    raw = (HEAD + "\n\n".join(f"{i}. Urges;" for i in range(1, 1_001))).encode()
    response = upload(client, slug, raw)
    assert response.status_code == 201, response.text[:500]
    assert response.json()["paragraph_count"] == 1_002


def test_unicode_round_trips_unchanged_through_upload_paragraphs_and_source(
    client: TestClient, slug: str
) -> None:
    numbered = "\n\n".join(f"{i}. {p}" for i, p in enumerate(UNICODE_PARAGRAPHS, 1))
    raw = (HEAD + numbered + "\n").encode("utf-8")
    assert upload(client, slug, raw, "قرار 决议.txt").status_code == 201
    draft = client.get(f"/api/v1/negotiations/{slug}/drafts/latest").json()
    operative = [p["text"] for p in draft["paragraphs"] if p["kind"] == "operative"]
    assert operative == UNICODE_PARAGRAPHS
    assert draft["sha256"] == hashlib.sha256(raw).hexdigest()
    source = client.get(f"/api/v1/negotiations/{slug}/drafts/latest/source")
    assert source.content == raw


def test_json_text_upload_round_trips_unicode(client: TestClient, slug: str) -> None:
    numbered = "\n\n".join(f"{i}. {p}" for i, p in enumerate(UNICODE_PARAGRAPHS, 1))
    response = client.post(
        f"/api/v1/negotiations/{slug}/drafts", json={"label": "Rev.1", "text": HEAD + numbered}
    )
    assert response.status_code == 201, response.text
    operative = [p["text"] for p in response.json()["paragraphs"] if p["kind"] == "operative"]
    assert operative == UNICODE_PARAGRAPHS


@pytest.mark.parametrize(
    "name", ["../../../etc/cron.d/evil.txt", "..\\..\\Windows\\evil.txt", "/abs/evil.txt"]
)
def test_path_traversal_in_a_file_name_keeps_only_the_last_component(
    client: TestClient, slug: str, name: str
) -> None:
    response = upload(client, slug, SHORT.encode(), name)
    assert response.status_code == 201, response.text
    assert response.json()["file_name"] == "evil.txt"
    source = client.get(f"/api/v1/negotiations/{slug}/drafts/latest/source")
    assert 'filename="evil.txt"' in source.headers["content-disposition"]


def test_a_file_name_with_control_characters_cannot_inject_headers(
    client: TestClient, slug: str
) -> None:
    response = client.post(
        f"/api/v1/negotiations/{slug}/drafts",
        json={"label": "Rev.1", "text": SHORT, "file_name": "a\r\nSet-Cookie: x=1\r\n.txt"},
    )
    assert response.status_code == 201, response.text
    source = client.get(f"/api/v1/negotiations/{slug}/drafts/latest/source")
    assert "set-cookie" not in source.headers
    assert "\n" not in source.headers["content-disposition"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/negotiations/no-such-thing", "no negotiation"),
        ("/negotiations/no-such-thing/drafts", "no negotiation"),
        ("/negotiations/{slug}/drafts/99", "no draft 99"),
        ("/negotiations/{slug}/drafts/99/source", "no draft 99"),
        ("/negotiations/{slug}/compare?from=1&to=99", "no draft 99"),
        ("/negotiations/{slug}/paragraphs/" + "a" * 32 + "/history", "no paragraph lineage"),
        ("/negotiations/{slug}/paragraphs/OP99/history", "no paragraph labelled"),
        ("/negotiations/{slug}/paragraphs/OP1/history?draft=99", "no draft 99"),
    ],
)
def test_unknown_things_are_404_with_their_name(
    client: TestClient, slug: str, path: str, reason: str
) -> None:
    assert upload(client, slug, SHORT.encode()).status_code == 201
    assert_refused(client.get("/api/v1" + path.format(slug=slug)), 404, reason)


def test_an_unknown_delegation_is_refused_by_name(
    client: TestClient, db: Session, slug: str
) -> None:
    assert upload(client, slug, SHORT.encode()).status_code == 201
    draft = client.get(f"/api/v1/negotiations/{slug}/drafts/1").json()
    lineage = next(p["lineage_id"] for p in draft["paragraphs"] if p["label"] == "OP1")
    before = row_counts(db)
    proposal = client.post(
        f"/api/v1/negotiations/{slug}/proposals",
        json={"delegations": ["Atlantis"], "action": "delete-paragraph", "lineage_id": lineage},
    )
    assert_refused(proposal, 422, "'Atlantis'")
    assert row_counts(db) == before


def test_compare_refuses_from_after_to_and_finds_nothing_changed_from_a_draft_to_itself(
    client: TestClient, slug: str
) -> None:
    assert upload(client, slug, SHORT.encode()).status_code == 201
    revised = SHORT.replace("protect", "protect and support")
    assert upload(client, slug, revised.encode()).status_code == 201
    assert_refused(client.get(f"/api/v1/negotiations/{slug}/compare?from=2&to=1"), 422, "after")
    same = client.get(f"/api/v1/negotiations/{slug}/compare?from=2&to=2")
    assert same.status_code == 200, same.text
    summary = same.json()["summary"]
    assert summary["words_inserted"] == summary["words_deleted"] == 0
    assert {c["kind"] for c in same.json()["changes"]} == {"unchanged"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"title": "x", "body": ', "not valid JSON"),
        ('{"title": 5, "body": []}', "body: Input should be a valid string"),
        ('{"title": "x", "body": "HRC", "colour": "red"}', "colour: Extra inputs"),
        ('{"title": "x", "body": "HRC", "penholders": "Norway"}', "penholders"),
        ('{"title": "x", "body": "HRC", "status": "archived"}', "status"),
        ("[]", "valid dictionary"),
        ("null", "valid dictionary"),
    ],
    ids=[
        "malformed",
        "wrong-types",
        "unknown-field",
        "string-for-list",
        "bad-enum",
        "array",
        "null",
    ],
)
def test_a_bad_json_body_is_refused_naming_the_field(
    client: TestClient, db: Session, body: str, field: str
) -> None:
    before = row_counts(db)
    response = client.post(
        "/api/v1/negotiations", content=body, headers={"content-type": "application/json"}
    )
    assert_refused(response, 422, field)
    assert row_counts(db) == before


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"label": "Rev.1", "text": "x", "colour": 1}', "colour: Extra inputs"),
        ('{"label": 5, "text": []}', "label: Input should be a valid string"),
        ('{"label": "Rev.1"', "invalid json"),
        ('{"label": "Rev.1", "text": "   "}', "empty"),
        ('{"label": "Rev.1", "text": "x", "based_on": 0}', "based_on"),
    ],
)
def test_a_bad_json_draft_is_refused_naming_the_field(
    client: TestClient, db: Session, slug: str, body: str, reason: str
) -> None:
    before = row_counts(db)
    response = client.post(
        f"/api/v1/negotiations/{slug}/drafts",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert_refused(response, 422, reason)
    assert row_counts(db) == before


def test_an_unknown_form_field_is_refused(client: TestClient, db: Session, slug: str) -> None:
    before = row_counts(db)
    assert_refused(upload(client, slug, SHORT.encode(), colour="red"), 422, "colour")
    assert row_counts(db) == before


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/api/v1/negotiations", lambda n: {"title": "x" * n, "body": "HRC"}),
        ("/api/v1/delegations", lambda n: {"code": "X", "name": "x" * n}),
    ],
)
def test_an_oversized_json_body_is_refused_with_413_before_it_is_read(
    client: TestClient, tokens: dict[str, str], db: Session, path: str, make: Any
) -> None:
    client.headers["Authorization"] = f"Bearer {tokens['admin']}"
    before = row_counts(db)
    response = client.post(path, json=make(3 * 1024 * 1024))
    assert_refused(response, 413, "larger than the limit")
    assert row_counts(db) == before


def test_a_declared_oversized_upload_is_refused_with_413(
    client: TestClient, db: Session, slug: str
) -> None:
    before = row_counts(db)
    response = client.post(
        f"/api/v1/negotiations/{slug}/drafts",
        content=b"x" * 1024,
        headers={"content-type": "text/plain", "content-length": str(10**9)},
    )
    assert_refused(response, 413, "larger than the limit")
    assert row_counts(db) == before


def test_an_upload_in_neither_multipart_nor_json_is_refused(
    client: TestClient, db: Session, slug: str
) -> None:
    before = row_counts(db)
    response = client.post(
        f"/api/v1/negotiations/{slug}/drafts",
        content=SHORT.encode(),
        headers={"content-type": "text/plain"},
    )
    assert_refused(response, 422, "multipart/form-data")
    assert row_counts(db) == before


@pytest.mark.parametrize(
    "title", ["nul\u0000byte", "escape\u001b[31m", "bell\u0007", "lone \ud800 surrogate"]
)
def test_control_characters_in_a_json_field_are_refused_naming_it(
    client: TestClient, db: Session, title: str
) -> None:
    before = row_counts(db)
    response = client.post(
        "/api/v1/negotiations",
        content=json.dumps({"title": title, "body": "HRC"}),  # \u escapes, lone surrogates too
        headers={"content-type": "application/json"},
    )
    assert_refused(response, 422, "title: ")
    assert "control characters" in response.text or "valid string" in response.text
    assert row_counts(db) == before


def test_control_characters_in_an_upload_form_field_are_refused(
    client: TestClient, db: Session, slug: str
) -> None:
    before = row_counts(db)
    response = upload(client, slug, SHORT.encode(), label="Rev.1\u0000", symbol="A/HRC\u0001")
    assert_refused(response, 422, "label, symbol: must not contain control characters")
    assert row_counts(db) == before


@pytest.mark.parametrize(
    "path", ["/negotiations?q=a%00b", "/negotiations/a%00b", "/negotiations/a%00b/drafts/1"]
)
def test_a_nul_in_a_path_or_query_is_never_a_500(client: TestClient, path: str) -> None:
    response = client.get("/api/v1" + path)
    assert response.status_code in (200, 404, 422), response.text
    assert response.headers["content-type"].startswith(("application/json", "application/problem"))
