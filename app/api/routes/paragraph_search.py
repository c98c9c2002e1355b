"""Search a negotiation's paragraphs, in every draft."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import DbSession, Viewer
from app.api.schemas.search import ParagraphHitPage
from app.core.records import Page, ParagraphHit
from app.services import paragraph_search

router = APIRouter(prefix="/api/v1/negotiations/{slug}/search", tags=["search"])


@router.get("", response_model=ParagraphHitPage)
def search_paragraphs(
    slug: str,
    session: DbSession,
    _: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[ParagraphHit]:
    """Paragraphs of every draft whose words hold `q` or whose label is `q`, with draft and
    label; a label match comes first, then the latest draft's paragraphs."""
    return paragraph_search.search_paragraphs(session, slug, q, limit=limit, offset=offset)
