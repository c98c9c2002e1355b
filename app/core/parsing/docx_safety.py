"""Opening an uploaded .docx safely: every check runs before any XML library sees a byte.

A .docx is a zip of XML parts. An upload may instead be a legacy .doc or an encrypted file (both
OLE2 compound files), carry macros, be a zip bomb (a few kilobytes that inflate to gigabytes), or
hold an XML bomb or an external entity (XXE). `open_docx_package` refuses all of these with a
message a negotiator understands; `parse_part` parses one part with entities, DTDs and the
network switched off, after refusing any part that declares a DOCTYPE.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from app.core.errors import TooLarge, UnreadableDraft, UnsafeDocument

MC_IGNORABLE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RATIO_CHECK_FROM = 1_000_000  # bytes: smaller entries are never judged by their ratio
_CHUNK = 65_536

NOT_A_DOCX = (
    "This file is not a Word document (.docx). Save it from Word as a .docx file and upload again."
)
MACROS = (
    "This Word file contains macros, which we do not accept. "
    "Save it as a plain Word document (.docx) and upload again."
)
OLD_OR_PROTECTED = (
    "This looks like an old Word 97–2003 .doc file or a password-protected document. "
    "Save it as .docx without a password and upload again."
)


def damaged(part: str) -> UnreadableDraft:
    """The error for a part that cannot be read: the file is damaged."""
    return UnreadableDraft(
        f"The Word file is damaged: its part '{part}' cannot be read. "
        "Open it in Word, save it again and upload the new copy."
    )


@dataclass(frozen=True, slots=True)
class DocxLimits:
    """Limits for one upload.

    `max_entries`: zip entries (count, 1..); `max_total_uncompressed`: bytes, all entries
    together; `max_entry_ratio`: uncompressed/compressed size of one entry, judged only for
    entries above `RATIO_CHECK_FROM` bytes; `max_part_bytes`: bytes of one XML part we parse.
    """

    max_entries: int = 2_000
    max_total_uncompressed: int = 200 * 1024 * 1024
    max_entry_ratio: float = 200.0
    max_part_bytes: int = 50 * 1024 * 1024


class DocxPackage:
    """The checked zip of a .docx; parts are read on demand, counting the bytes really inflated."""

    def __init__(self, archive: zipfile.ZipFile, limits: DocxLimits) -> None:
        self._archive = archive
        self._limits = limits
        self._names = {info.filename: info for info in archive.infolist()}
        self._inflated = 0

    def has(self, name: str) -> bool:
        """Whether the package holds a part of that name."""
        return name in self._names

    def read(self, name: str) -> bytes:
        """The bytes of one part, refusing it when it inflates past the limits."""
        cap = min(self._limits.max_part_bytes, self._limits.max_total_uncompressed - self._inflated)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._archive.open(self._names[name]) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > cap:
                        raise TooLarge(
                            "The Word file is too large to read: one of its parts holds more "
                            "text than we accept. Split the document and upload the parts."
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise damaged(name) from exc
        self._inflated += size
        return b"".join(chunks)


def open_docx_package(raw: bytes, limits: DocxLimits) -> DocxPackage:
    """Check an upload's container and return its package; raise before parsing anything."""
    if not raw:
        raise UnreadableDraft("The file is empty.")
    if raw.startswith(OLE2_SIGNATURE):
        raise UnreadableDraft(OLD_OR_PROTECTED)
    if not raw.startswith(b"PK"):
        raise UnreadableDraft(NOT_A_DOCX)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise UnreadableDraft(NOT_A_DOCX) from exc
    _check_entries(infos, limits)
    package = DocxPackage(archive, limits)
    if not package.has("[Content_Types].xml"):
        raise UnreadableDraft(NOT_A_DOCX)
    content_types = package.read("[Content_Types].xml")
    if b"macroenabled" in content_types.lower():
        raise UnsafeDocument(MACROS)
    return package


def _check_entries(infos: list[zipfile.ZipInfo], limits: DocxLimits) -> None:
    """Refuse encrypted entries, macros, too many entries and declared sizes over the limits."""
    if len(infos) > limits.max_entries:
        raise UnsafeDocument(
            "This Word file has an unusual number of internal parts and was refused for safety."
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableDraft(OLD_OR_PROTECTED)
        if info.filename.lower().endswith("vbaproject.bin"):
            raise UnsafeDocument(MACROS)
        total += info.file_size
        if info.file_size > RATIO_CHECK_FROM and (
            info.file_size > limits.max_entry_ratio * max(info.compress_size, 1)
        ):
            raise UnsafeDocument(
                "This file expands to far more than its size (a 'zip bomb') and was refused "
                "for safety."
            )
    if total > limits.max_total_uncompressed:
        raise TooLarge(
            "The Word file is too large to read once unpacked. "
            "Split the document or remove large pictures, and upload again."
        )


# How an XML entity starts, by its first four bytes (XML 1.0, appendix F): byte-order marks
# first, then "<?" in each wide encoding without one. UTF-32 before UTF-16: FF FE 00 00 is both.
_XML_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
# Declared encodings of an ASCII-compatible part that we read; Word writes UTF-8. Another one
# (UTF-7, EBCDIC, ISO-2022...) could spell "<!DOCTYPE" in bytes no check here would see.
_DECLARED = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ASCII_COMPATIBLE = frozenset(
    {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "latin-1", "windows-1252"}
)
_DECLARATIONS = ("<!DOCTYPE", "<!ENTITY")
_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
}


def parse_part(data: bytes, name: str) -> etree._Element:
    """Parse one XML part; refuse DOCTYPE and entity declarations and entity references.

    The declarations are looked for in the part's real encoding (a byte-order mark, or UTF-16
    and UTF-32 told by their first bytes, XML 1.0 appendix F), before the parser sees a byte;
    the parsed tree is checked again, and an entity reference left in it (its text would be
    lost) refuses the file.
    """
    if _declares_dtd(data, name):
        raise UnsafeDocument(UNSAFE_XML)
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise damaged(name) from exc
    if root is None or not _ignorable_prefixes_declared(root):
        raise damaged(name)
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeDocument(UNSAFE_XML)
    entity = next(root.iter(etree.Entity), None)
    if entity is not None:
        raise UnreadableDraft(
            f"The Word file's part '{name}' refers to an entity ({entity.text}) that Word never "
            "writes; its text cannot be read faithfully. Open the file in Word, save it again "
            "and upload the new copy."
        )
    return root


UNSAFE_XML = (
    "This Word file contains XML declarations that Word never writes (a possible attack) "
    "and was refused for safety."
)


def _declares_dtd(data: bytes, name: str) -> bool:
    """Whether the part, read in its real encoding, holds a DOCTYPE or ENTITY declaration."""
    encoding = next((enc for start, enc in _XML_ENCODINGS if data.startswith(start)), None)
    if encoding is not None and encoding != "utf-8":  # wide: decode (undecodable: U+FFFD)
        text = data.decode(encoding, "replace")
        return any(declaration in text for declaration in _DECLARATIONS)
    declared = _DECLARED.match(data.removeprefix(b"\xef\xbb\xbf"))
    if declared and declared.group(1).decode().lower() not in _ASCII_COMPATIBLE:
        raise damaged(name)
    if encoding is None and data[:1].strip() and data[:1] != b"<":
        raise damaged(name)  # EBCDIC and other encodings that are not ASCII-compatible
    return any(declaration.encode() in data for declaration in _DECLARATIONS)


def _ignorable_prefixes_declared(root: etree._Element) -> bool:
    """Whether every prefix `mc:Ignorable` names is declared (ECMA-376 Part 3 §10.1.1)."""
    ignorable = root.get(MC_IGNORABLE)
    if not ignorable:
        return True
    declared = set(root.nsmap)
    return all(prefix in declared for prefix in ignorable.split())
