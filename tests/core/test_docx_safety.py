"""Upload safety: every hostile or broken file is refused with a plain message, before parsing."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from app.core.errors import TooLarge, UnreadableDraft, UnsafeDocument
from app.core.parsing.docx import read_docx_blocks
from app.core.parsing.docx_safety import DocxLimits
from tests.core.docx_builders import docx, p, package_entries, zip_bytes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "word"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def with_document(xml: str) -> bytes:
    """A valid package whose word/document.xml is replaced by `xml`."""
    entries = package_entries(p("placeholder"))
    entries["word/document.xml"] = xml.encode()
    return zip_bytes(entries)


def set_encrypted_flag(raw: bytes) -> bytes:
    """The same zip with the 'encrypted' bit set on every entry, as password tools write it."""
    data = bytearray(raw)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            (flags,) = struct.unpack_from("<H", data, at + flag_at)
            struct.pack_into("<H", data, at + flag_at, flags | 1)
            start = at + 4
    return bytes(data)


def test_a_valid_docx_is_read() -> None:
    assert read_docx_blocks(docx(p("Welcomes the report;")))[0].text == "Welcomes the report;"


@pytest.mark.parametrize(
    "raw", [b"", b"Recalling its resolution 70/1,\n", b"%PDF-1.7\n", bytes(range(256)) * 4]
)
def test_files_that_are_not_word_documents_are_refused_plainly(raw: bytes) -> None:
    with pytest.raises(UnreadableDraft) as caught:
        read_docx_blocks(raw)
    assert type(caught.value) is UnreadableDraft
    assert "empty" in caught.value.detail or "not a Word document (.docx)" in caught.value.detail


def test_an_old_doc_or_encrypted_file_gets_its_own_message() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    with pytest.raises(UnreadableDraft, match=r"old Word 97–2003 \.doc file or a password"):
        read_docx_blocks(ole2)


def test_a_zip_with_encrypted_entries_is_treated_as_password_protected() -> None:
    with pytest.raises(UnreadableDraft, match="password-protected"):
        read_docx_blocks(set_encrypted_flag(docx(p("secret"))))


def test_a_zip_without_a_word_document_is_refused() -> None:
    entries = package_entries(p("text"))
    del entries["word/document.xml"]
    with pytest.raises(UnreadableDraft, match="not a Word document"):
        read_docx_blocks(zip_bytes(entries))
    with pytest.raises(UnreadableDraft, match="not a Word document"):
        read_docx_blocks(zip_bytes({"hello.txt": b"hello"}))


def test_macros_are_refused_by_part_name_and_by_content_type() -> None:
    entries = package_entries(p("text"))
    entries["word/vbaProject.bin"] = b"\x00" * 64
    with pytest.raises(UnsafeDocument, match="macros"):
        read_docx_blocks(zip_bytes(entries))
    macro_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    with pytest.raises(UnsafeDocument, match="macros"):
        read_docx_blocks(zip_bytes(package_entries(p("text"), main_content_type=macro_type)))


def test_too_many_entries_are_refused() -> None:
    entries = package_entries(p("text"))
    entries.update({f"customXml/item{i}.xml": b"<a/>" for i in range(20)})
    with pytest.raises(UnsafeDocument, match="internal parts"):
        read_docx_blocks(zip_bytes(entries), DocxLimits(max_entries=10))


def test_a_zip_bomb_entry_is_refused_by_its_ratio() -> None:
    entries = package_entries(p("text"))
    entries["word/media/padding.bin"] = bytes(2_000_000)  # compresses about 1,000 to 1
    with pytest.raises(UnsafeDocument, match="zip bomb"):
        read_docx_blocks(zip_bytes(entries))


def test_a_package_that_unpacks_too_large_is_refused_before_reading() -> None:
    with pytest.raises(TooLarge):
        read_docx_blocks(docx(p("x" * 5_000)), DocxLimits(max_total_uncompressed=2_000))


def test_one_part_over_the_part_limit_is_refused_while_reading() -> None:
    with pytest.raises(TooLarge):
        read_docx_blocks(docx(p("x" * 50_000)), DocxLimits(max_part_bytes=10_000))


def test_a_zip_whose_declared_size_lies_is_never_read_past_it() -> None:
    raw = bytearray(zip_bytes(package_entries(p("x" * 200_000)), zipfile.ZIP_STORED))
    name = b"word/document.xml"
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + name_length] == name:
            struct.pack_into("<I", raw, at + 24, 100)  # declared uncompressed size
        at = raw.find(b"PK\x01\x02", at + 4)
    with pytest.raises(UnreadableDraft, match="damaged"):
        read_docx_blocks(bytes(raw))


@pytest.mark.parametrize(
    "xml",
    [
        f'{HEAD}<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>",
        f'{HEAD}<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>",
        f"{HEAD}<!DOCTYPE w:document><w:document {W}><w:body/></w:document>",
    ],
    ids=["external-entity", "entity-expansion", "bare-doctype"],
)
def test_xml_with_a_doctype_or_entities_is_refused(xml: str) -> None:
    with pytest.raises(UnsafeDocument, match="refused for safety"):
        read_docx_blocks(with_document(xml))


def test_a_doctype_hidden_in_utf16_is_refused_too() -> None:
    xml = f"<!DOCTYPE w:document><w:document {W}><w:body/></w:document>"
    entries = package_entries(p("x"))
    entries["word/document.xml"] = xml.encode("utf-16")
    with pytest.raises(UnsafeDocument):
        read_docx_blocks(zip_bytes(entries))


@pytest.mark.parametrize(
    "xml",
    [
        f"{HEAD}<w:document {W}><w:body><w:p><w:r><w:t>unclosed</w:r></w:p></w:body>",
        f"{HEAD}<w:document {W}><w:body>" + "<w:p>" * 3000 + "</w:body></w:document>",
        "",
    ],
    ids=["unclosed-tag", "deep-nesting", "empty-part"],
)
def test_malformed_xml_says_the_file_is_damaged(xml: str) -> None:
    with pytest.raises(UnreadableDraft, match="damaged") as caught:
        read_docx_blocks(with_document(xml))
    assert type(caught.value) is UnreadableDraft


def test_a_document_part_that_is_not_wordprocessingml_is_refused() -> None:
    with pytest.raises(UnreadableDraft, match="not a Word document"):
        read_docx_blocks(with_document(f"{HEAD}<html><body>hi</body></html>"))


def test_the_real_damaged_word_file_is_refused_as_damaged() -> None:
    raw = (FIXTURES / "morungos-node-word-extractor" / "bad-xml.docx").read_bytes()
    with pytest.raises(UnreadableDraft, match="damaged"):
        read_docx_blocks(raw)


def test_limits_have_the_documented_defaults() -> None:
    limits = DocxLimits()
    assert (limits.max_entries, limits.max_entry_ratio) == (2_000, 200.0)
    assert limits.max_total_uncompressed == 200 * 1024 * 1024
    assert limits.max_part_bytes == 50 * 1024 * 1024


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-16-le", "utf-32-be", "utf-32-le"])
def test_a_doctype_in_utf16_or_utf32_without_a_byte_order_mark_is_refused(encoding: str) -> None:
    label = encoding.replace("-be", "").replace("-le", "").upper()
    xml = (
        f'<?xml version="1.0" encoding="{label}"?><!DOCTYPE d [<!ENTITY xxe "x">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>Urges &xxe; States;</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    entries = package_entries(p("x"))
    entries["word/document.xml"] = xml.encode(encoding)
    with pytest.raises(UnsafeDocument, match="refused for safety"):
        read_docx_blocks(zip_bytes(entries))


def test_an_entity_reference_without_a_declaration_is_refused_not_dropped() -> None:
    run = "<w:r><w:t>Urges &xxe; States;</w:t></w:r>"
    xml = f"{HEAD}<w:document {W}><w:body>{p(run)}</w:body></w:document>"
    with pytest.raises(UnreadableDraft, match="damaged"):
        read_docx_blocks(with_document(xml))


@pytest.mark.parametrize("declared", ["UTF-7", "EBCDIC-US", "ISO-2022-JP"])
def test_a_part_declaring_an_encoding_that_could_hide_markup_is_refused(declared: str) -> None:
    xml = f'<?xml version="1.0" encoding="{declared}"?><w:document {W}><w:body/></w:document>'
    with pytest.raises(UnreadableDraft, match="damaged"):
        read_docx_blocks(with_document(xml))


def test_a_utf16_part_without_a_doctype_is_still_read() -> None:
    xml = f'<?xml version="1.0" encoding="UTF-16"?><w:document {W}><w:body>{p("Urges States;")}'
    entries = package_entries(p("x"))
    entries["word/document.xml"] = (xml + "</w:body></w:document>").encode("utf-16-le")
    assert read_docx_blocks(zip_bytes(entries))[0].text == "Urges States;"
