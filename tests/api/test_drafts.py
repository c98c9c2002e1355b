"""Drafts over the API: upload as file or JSON, list, read, source, and every refusal."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.rows import row_counts
from tests.conftest import SAMPLES

ZERO = (SAMPLES / "01-zero-draft.txt").read_bytes()
REV1 = (SAMPLES / "02-rev1.txt").read_bytes()
SHORT = (
    "The Human Rights Council,\n\nRecalling its earlier resolutions,\n\n"
    "1. Urges States to protect human rights defenders;\n\n"
    "2. Decides to remain seized of the matter.\n"
)


@pytest.fixture
def slug(client: TestClient) -> str:
    created = client.post(
        "/api/v1/negotiations", json={"title": "Human rights defenders", "body": "HRC"}
    )
    return str(created.json()["slug"])


def upload(client: TestClient, slug: str, raw: bytes, name: str = "draft.txt", **fields: str):
    data = {"label": "Zero draft", **fields}
    return client.post(
        f"/api/v1/negotiations/{slug}/drafts", data=data, files={"file": (name, raw, "text/plain")}
    )


def test_uploaded_text_draft_is_stored_with_its_paragraphs(client: TestClient, slug: str) -> None:
    response = upload(
        client, slug, ZERO, "01-zero-draft.txt", stage="zero", circulated_on="2025-02-10"
    )
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["seq"] == 1 and draft["stage"] == "zero" and draft["circulated_on"] == "2025-02-10"
    assert draft["sha256"] == hashlib.sha256(ZERO).hexdigest() and draft["size"] == len(ZERO)
    kinds = [p["kind"] for p in draft["paragraphs"]]
    assert kinds.count("preambular") == 19 and kinds.count("operative") == 25
    first_op = next(p for p in draft["paragraphs"] if p["kind"] == "operative")
    assert first_op["label"] == "OP1" and first_op["number"] == "1."
    assert all(p["lineage_id"] for p in draft["paragraphs"])
    assert draft["summary"]["added"] == len(draft["paragraphs"])


def test_second_draft_continues_the_lineages_of_the_first(client: TestClient, slug: str) -> None:
    first = upload(client, slug, ZERO).json()
    second = upload(client, slug, REV1, label="Rev.1").json()
    assert second["seq"] == 2 and second["based_on"] == 1
    kept = {p["lineage_id"] for p in first["paragraphs"]} & {
        p["lineage_id"] for p in second["paragraphs"]
    }
    assert len(kept) >= 40
    assert second["summary"]["unchanged"] > 0 and second["summary"]["modified"] > 0


def test_source_returns_the_upload_byte_for_byte(client: TestClient, slug: str) -> None:
    raw = ZERO.replace(b"\n", b"\r\n")
    upload(client, slug, raw, "zero draft.txt")
    response = client.get(f"/api/v1/negotiations/{slug}/drafts/1/source")
    assert response.status_code == 200 and response.content == raw
    assert "attachment" in response.headers["content-disposition"]
    assert "zero draft.txt" in response.headers["content-disposition"]


def test_json_upload_with_text_is_accepted(client: TestClient, slug: str) -> None:
    response = client.post(
        f"/api/v1/negotiations/{slug}/drafts", json={"label": "Zero draft", "text": SHORT}
    )
    assert response.status_code == 201, response.text
    labels = [p["label"] for p in response.json()["paragraphs"] if p["label"]]
    assert labels == ["PP1", "OP1", "OP2"]


def test_list_and_latest(client: TestClient, slug: str) -> None:
    upload(client, slug, ZERO)
    upload(client, slug, REV1, label="Rev.1")
    listing = client.get(f"/api/v1/negotiations/{slug}/drafts").json()
    assert listing["total"] == 2 and [d["label"] for d in listing["items"]] == [
        "Zero draft",
        "Rev.1",
    ]
    assert client.get(f"/api/v1/negotiations/{slug}/drafts/latest").json()["seq"] == 2
    negotiation = client.get(f"/api/v1/negotiations/{slug}").json()
    assert negotiation["latest_draft"]["label"] == "Rev.1" and len(negotiation["drafts"]) == 2


def test_unknown_draft_is_404(client: TestClient, slug: str) -> None:
    assert client.get(f"/api/v1/negotiations/{slug}/drafts/9").status_code == 404
    assert client.get(f"/api/v1/negotiations/{slug}/drafts/latest").status_code == 404
    assert client.get(f"/api/v1/negotiations/{slug}/drafts/zero").status_code == 422


def test_a_viewer_cannot_upload(app_client: TestClient, tokens: dict[str, str], slug: str) -> None:
    app_client.headers["Authorization"] = f"Bearer {tokens['viewer']}"
    assert upload(app_client, slug, ZERO).status_code == 403


def test_no_token_cannot_read_drafts(app_client: TestClient, slug: str) -> None:
    del app_client.headers["Authorization"]
    assert app_client.get(f"/api/v1/negotiations/{slug}/drafts").status_code == 401


@pytest.mark.parametrize(
    ("raw", "name", "says"),
    [
        (b"", "empty.txt", "empty"),
        (bytes(range(256)) * 40, "junk.txt", "text"),
        (b"Just a note to colleagues about lunch.\n", "note.txt", "paragraphs"),
        (b"PK\x03\x04 not really", "draft.pdf", "not a pdf"),
        (b"PK\x03\x04 not really", "draft.doc", "format"),
    ],
)
def test_unreadable_uploads_are_422_and_store_nothing(
    client: TestClient, slug: str, db: Session, raw: bytes, name: str, says: str
) -> None:
    before = row_counts(db)
    response = upload(client, slug, raw, name)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert says in response.json()["detail"].lower()
    assert row_counts(db) == before


def test_an_upload_over_the_limit_is_413_and_stores_nothing(
    client: TestClient, slug: str, db: Session
) -> None:
    before = row_counts(db)
    client.app.state.settings.max_upload_mb = 0.01  # type: ignore[attr-defined]
    response = upload(client, slug, ZERO * 4)
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]
    assert row_counts(db) == before


def test_a_draft_based_on_a_later_draft_is_refused(client: TestClient, slug: str) -> None:
    response = upload(client, slug, ZERO, based_on="3")
    assert response.status_code == 422


def test_file_names_lose_their_directories(client: TestClient, slug: str) -> None:
    response = upload(client, slug, ZERO, "../../etc/passwd.txt")
    assert response.status_code == 201
    assert response.json()["file_name"] == "passwd.txt"


def test_a_word_draft_is_read_and_kept_byte_for_byte(client: TestClient, slug: str) -> None:
    upload(client, slug, ZERO)
    raw = (SAMPLES / "02-rev1.docx").read_bytes()
    response = client.post(
        f"/api/v1/negotiations/{slug}/drafts",
        data={"label": "Rev.1"},
        files={"file": ("Rev1.docx", raw, "application/octet-stream")},
    )
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["media_type"].endswith("wordprocessingml.document")
    text_version = upload(client, slug, REV1, label="Rev.1 (text)").json()
    assert [(p["kind"], p["label"], p["text"]) for p in draft["paragraphs"]] == [
        (p["kind"], p["label"], p["text"]) for p in text_version["paragraphs"]
    ]
    assert draft["summary"]["split"] == 1
    assert client.get(f"/api/v1/negotiations/{slug}/drafts/2/source").content == raw


def test_a_macro_enabled_word_file_is_refused_and_stores_nothing(
    client: TestClient, slug: str, db: Session
) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in zipfile.ZipFile(SAMPLES / "02-rev1.docx").namelist():
            archive.writestr(name, zipfile.ZipFile(SAMPLES / "02-rev1.docx").read(name))
        archive.writestr("word/vbaProject.bin", b"macro")
    before = row_counts(db)
    response = client.post(
        f"/api/v1/negotiations/{slug}/drafts",
        data={"label": "Rev.1"},
        files={"file": ("Rev1.docx", buffer.getvalue(), "application/octet-stream")},
    )
    assert response.status_code == 422
    assert "macro" in response.json()["detail"].lower()
    assert row_counts(db) == before
