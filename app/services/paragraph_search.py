"""Find anything in a negotiation: paragraphs of every draft by their words or their label."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from app.core.records import Page, ParagraphHit
from app.db.repositories import drafts as drafts_repo
from app.services.history import normalise_label


def search_paragraphs(
    session: Session, slug: str, q: str, *, limit: int, offset: int
) -> Page[ParagraphHit]:
    """Paragraphs whose text holds `q`, or labelled `q` ("OP12", "op 5 bis"), in every draft."""
    words = " ".join(q.split())
    if not words:
        raise InvalidInput("Say what to look for: some words, or a label such as OP12.")
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    hits, total = drafts_repo.search_paragraphs(
        session, negotiation.id, words, normalise_label(words), limit=limit, offset=offset
    )
    return Page(tuple(hits), total)
