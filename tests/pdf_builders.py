"""Hand-written PDFs for the tests: a resolution, an encrypted file, a scan, a bomb.

`minimal_pdf` writes a valid PDF from content streams (Helvetica as F1) without any library;
`text_page` prints lines of text. The UN-layout PDFs printed by LibreOffice from the sample
drafts come from tests/bench/un_layout.py.
"""

from __future__ import annotations

import zlib


def minimal_pdf(
    pages: list[bytes],
    *,
    resources: bytes = b"",
    trailer: bytes = b"",
    objects: tuple[bytes, ...] = (),
) -> bytes:
    """A hand-written PDF: one page per content stream, Helvetica as F1, `objects` appended.

    `resources` goes into every page's resource dictionary; `trailer` into the trailer. Objects
    are numbered: 1 catalog, 2 page tree, 3 font, then each page and its content, then `objects`.
    """
    count = len(pages)
    bodies: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
        + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(pages):
        bodies.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> %s >> >>" % (5 + 2 * i, resources)
        )
        bodies.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    bodies.extend(objects)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1, trailer, xref,
    )  # fmt: skip
    return bytes(out)


def text_page(lines: list[str], *, size: int = 11, top: int = 780, step: int = 16) -> bytes:
    """A content stream printing `lines` in Helvetica, one under the other, from the top left."""
    ops = [b"BT /F1 %d Tf %d TL 72 %d Td" % (size, step, top)]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(%s) Tj T*" % escaped.encode("latin-1"))
    ops.append(b"ET")
    return b"\n".join(ops)


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose user password is not empty."""
    raw = minimal_pdf(
        [text_page(["Secret"])],
        trailer=b"/Encrypt 99 0 R /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>]",
    )
    handler = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32)
    return raw.replace(b"trailer", b"99 0 obj\n%s\nendobj\ntrailer" % handler)


def scanned_pdf() -> bytes:
    """A page that is one picture and no text, as a scanner makes it."""
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
    )
    return minimal_pdf(
        [b"q 500 0 0 700 40 60 cm /Im1 Do Q"],
        resources=b"/XObject << /Im1 6 0 R >>",
        objects=(image,),
    )


def inflating_pdf(megabytes: int) -> bytes:
    """A PDF bomb: one page whose content stream inflates from a few hundred KB to `megabytes`,
    a million tiny text objects per 20 MB."""
    content = zlib.compress(b"BT /F1 1 Tf (x) Tj ET\n" * (megabytes * 1024 * 1024 // 22), 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (
        len(content), content,
    )  # fmt: skip
    raw = minimal_pdf([b""], objects=(stream,))
    return raw.replace(b"/Contents 5 0 R", b"/Contents 6 0 R")
