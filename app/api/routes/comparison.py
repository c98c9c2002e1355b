"""Compare two drafts, one paragraph's history, the map of a negotiation, lineage corrections."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import DbSession, Editor, Viewer
from app.api.read_cache import versioned_json
from app.api.schemas.comparison import ComparisonRead, HistoryRead, MapRead
from app.api.schemas.drafts import DraftRead
from app.api.schemas.library import ComparisonAgreedRead
from app.core.vocabulary import NatureFilter
from app.services import comparison, history, library_search, lineage

router = APIRouter(prefix="/api/v1/negotiations/{slug}", tags=["comparison"])
Seq = Annotated[int, Query(ge=1, le=10**9)]


@router.get("/compare", response_model=ComparisonRead, response_model_by_alias=True)
def compare(
    slug: str,
    request: Request,
    session: DbSession,
    _: Viewer,
    from_seq: Annotated[int, Query(alias="from", ge=1, le=10**9)],
    to_seq: Annotated[int, Query(alias="to", ge=1, le=10**9)],
    precedents: bool = False,
) -> Response:
    """Any two drafts: the summary and the changes in document order, with ops, hunks and
    the delegations behind them. `from` may equal `to` (nothing changed); `from` after `to`
    is refused. With `precedents=true`, each hunk inserting four words or more says where
    the library holds them (`agreed`, empty: new language)."""
    if precedents:
        return versioned_json(
            request,
            session,
            ("compare-agreed", slug, from_seq, to_seq),
            lambda: ComparisonAgreedRead.with_agreed(
                *library_search.compared_with_agreed(session, slug, from_seq, to_seq)
            ),
            ComparisonAgreedRead,
        )
    return versioned_json(
        request,
        session,
        ("comparison", slug, from_seq, to_seq),
        lambda: comparison.compare_drafts(session, slug, from_seq, to_seq),
        ComparisonRead,
    )


@router.get("/paragraphs/{ref}/history", response_model=HistoryRead)
def paragraph_history(
    slug: str,
    ref: str,
    request: Request,
    session: DbSession,
    _: Viewer,
    draft: Annotated[str | None, Query(pattern=r"^(latest|[1-9][0-9]{0,8})$")] = None,
) -> Response:
    """One paragraph through every draft; `ref` is a lineage id or a label read in `draft`."""
    return versioned_json(
        request,
        session,
        ("history", slug, ref, draft),
        lambda: history.paragraph_history(session, slug, ref, draft),
        HistoryRead,
    )


@router.get("/map", response_model=MapRead)
def negotiation_map(
    slug: str,
    request: Request,
    session: DbSession,
    _: Viewer,
    nature: NatureFilter = NatureFilter.SUBSTANTIVE,
) -> Response:
    """Every paragraph lineage × every draft, with the change kind and its nature in each
    cell; an editorial-only modification counts as unchanged unless `?nature=all`."""
    return versioned_json(
        request,
        session,
        ("map", slug, nature),
        lambda: history.negotiation_map(session, slug, nature),
        MapRead,
    )


class LineageCorrectionCreate(BaseModel):
    """An editor's word on which lineage a paragraph continues."""

    model_config = ConfigDict(extra="forbid")
    lineage_id: str | None = Field(description="the lineage this paragraph continues; null: new")


@router.put("/drafts/{seq}/paragraphs/{paragraph_id}/lineage", response_model=DraftRead)
def correct_lineage(
    slug: str,
    seq: Annotated[int, ...],
    paragraph_id: int,
    body: LineageCorrectionCreate,
    session: DbSession,
    caller: Editor,
) -> Any:
    """An editor's correction: this paragraph continues that lineage (or none); the draft's
    changes, and those of later drafts, are recomputed."""
    return lineage.correct_lineage(session, caller.name, slug, seq, paragraph_id, body.lineage_id)
