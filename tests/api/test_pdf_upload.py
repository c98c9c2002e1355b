"""PDF uploads: stored byte for byte, read like the Word file they were printed from."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.pdf_builders import minimal_pdf, text_page

Samples = dict[str, tuple[bytes, bytes]]
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def negotiation(client: TestClient) -> str:
    """A negotiation of the test's own."""
    created = client.post("/api/v1/negotiations", json={"title": "PDF", "body": "HRC"})
    assert created.status_code == 201, created.text
    return str(created.json()["slug"])


def upload(client: TestClient, slug: str, raw: bytes, name: str, media_type: str) -> dict:
    """Upload one file as a draft and return the stored draft."""
    response = client.post(
        f"/api/v1/negotiations/{slug}/drafts",
        data={"label": name},
        files={"file": (name, raw, media_type)},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.mark.libreoffice
def test_a_pdf_upload_reads_like_its_word_file_and_keeps_its_bytes(
    client: TestClient, un_layout_pdfs: Samples
) -> None:
    slug = negotiation(client)
    word_file, pdf_file = un_layout_pdfs["04-l22"]
    word = upload(client, slug, word_file, "L.22.docx", DOCX)
    pdf = upload(client, slug, pdf_file, "A_HRC_58_L.22.pdf", PDF)
    keys = ("kind", "label", "number", "lead", "text")
    assert [{k: p[k] for k in keys} for p in pdf["paragraphs"]] == [
        {k: p[k] for k in keys} for p in word["paragraphs"]
    ]
    assert pdf["symbol"] == "A/HRC/58/L.22"
    source = client.get(f"/api/v1/negotiations/{slug}/drafts/{pdf['seq']}/source")
    assert source.content == pdf_file
    assert source.headers["content-type"] == PDF
    compared = client.get(f"/api/v1/negotiations/{slug}/compare?from=1&to=2").json()
    assert compared["summary"]["words_inserted"] == compared["summary"]["words_deleted"] == 0


def test_a_pdf_without_a_suffix_is_read_as_the_pdf_it_says_it_is(client: TestClient) -> None:
    slug = negotiation(client)
    raw = minimal_pdf([text_page(["The Human Rights Council,", "", "1. Decides to act."])])
    draft = upload(client, slug, raw, "A_HRC_58_L.22", PDF)
    assert [p["label"] for p in draft["paragraphs"]] == ["", "OP1"]
