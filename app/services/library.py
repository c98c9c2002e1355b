"""The library of adopted resolutions: import one resolution (whole or not at all), list, read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.core.errors import Conflict, TooLarge
from app.core.library import Resolution, ResolutionFacts, resolution_of
from app.core.parsing import read_draft
from app.core.parsing.docx_safety import DocxLimits
from app.core.parsing.limits import MAX_PARAGRAPHS
from app.core.records import Page
from app.core.vocabulary import ImportOutcome
from app.db.models import LibraryDocument, LibraryParagraph
from app.db.repositories import library as library_repo
from app.db.repositories import tokens as tokens_repo
from app.db.repositories.library import LibraryScope, TermTally


@dataclass(frozen=True, slots=True)
class LibraryUpload:
    """One adopted resolution to import: its file and what is known of it besides."""

    raw: bytes
    file_name: str
    media_type: str
    facts: ResolutionFacts = field(default_factory=ResolutionFacts)


@dataclass(frozen=True, slots=True)
class Imported:
    """What importing one resolution did: stored it, found it unchanged, or replaced it."""

    outcome: ImportOutcome
    document: LibraryDocument


@dataclass(frozen=True, slots=True)
class LibraryDocumentView:
    """A stored resolution with its paragraphs."""

    id: int
    symbol: str
    body: str
    session: int
    session_kind: str
    adopted_on: dt.date | None
    title: str
    adoption: str
    file_name: str
    created_at: dt.datetime
    paragraphs: tuple[LibraryParagraph, ...]


def read_resolution(upload: LibraryUpload, docx_limits: DocxLimits | None = None) -> Resolution:
    """Parse an upload into a resolution (no database): InvalidInput when it is not one."""
    draft = read_draft(upload.raw, upload.media_type, docx_limits)
    if len(draft.paragraphs) > MAX_PARAGRAPHS:
        raise TooLarge(
            f"'{upload.file_name}' has {len(draft.paragraphs):,} paragraphs; the library stores "
            f"at most {MAX_PARAGRAPHS:,} per resolution."
        )
    return resolution_of(draft, upload.facts, upload.file_name)


def import_resolution(
    session: Session,
    actor: str,
    resolution: Resolution,
    file_name: str,
    *,
    replace: bool = False,
    tally: TermTally | None = None,
) -> Imported:
    """Store a resolution: the same symbol with the same content changes nothing; other content
    for a known symbol is refused (Conflict) unless `replace`. With `tally`, its words are
    counted there for the caller to write (`library_repo.write_terms`)."""
    existing = library_repo.document_by_symbol(session, resolution.symbol)
    if existing is not None and existing.fingerprint == resolution.fingerprint:
        return Imported(ImportOutcome.UNCHANGED, existing)
    if existing is not None and not replace:
        raise Conflict(
            f"{resolution.symbol} is in the library already, with other content: import it "
            "with --replace (over the API: replace=true) to replace it."
        )
    if existing is not None:
        library_repo.remove_document(session, existing)
    document = LibraryDocument(
        symbol=resolution.symbol,
        body=resolution.body,
        session=resolution.session,
        session_kind=resolution.session_kind,
        adopted_on=resolution.adopted_on,
        title=resolution.title,
        adoption=resolution.adoption,
        file_name=file_name,
        fingerprint=resolution.fingerprint,
        created_by=actor,
    )
    library_repo.add_document(session, document, resolution.paragraphs, tally)
    outcome = ImportOutcome.REPLACED if existing is not None else ImportOutcome.STORED
    tokens_repo.record_audit(
        session,
        actor,
        f"library.{outcome}",
        resolution.symbol,
        {"paragraphs": len(resolution.paragraphs), "file": file_name},
    )
    return Imported(outcome, document)


def import_upload(
    session: Session,
    actor: str,
    upload: LibraryUpload,
    *,
    replace: bool = False,
    docx_limits: DocxLimits | None = None,
    tally: TermTally | None = None,
) -> Imported:
    """Parse and store one uploaded resolution (see `import_resolution`)."""
    resolution = read_resolution(upload, docx_limits)
    return import_resolution(
        session, actor, resolution, upload.file_name, replace=replace, tally=tally
    )


def list_documents(
    session: Session, scope: LibraryScope, *, q: str | None, limit: int, offset: int
) -> Page[LibraryDocument]:
    """One page of the library, newest first."""
    rows, total = library_repo.documents_page(session, scope, q=q, limit=limit, offset=offset)
    return Page(tuple(rows), total)


def read_document(session: Session, document_id: int) -> LibraryDocumentView:
    """One stored resolution with its paragraphs."""
    d = library_repo.document_by_id(session, document_id)
    paragraphs = tuple(library_repo.paragraphs_of_document(session, document_id))
    return LibraryDocumentView(
        d.id, d.symbol, d.body, d.session, d.session_kind, d.adopted_on, d.title, d.adoption,
        d.file_name, d.created_at, paragraphs,
    )  # fmt: skip
