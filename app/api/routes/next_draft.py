"""The next draft made from proposals, and the proposals that collide."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.api.deps import DbSession, Editor, Viewer
from app.api.paging import Offset
from app.api.routes.drafts import SeqPath
from app.api.schemas.next_draft import CollisionPage, NextDraftCreate, NextDraftRead
from app.core.records import Page
from app.services import collisions, next_draft
from app.services.collisions import CollisionView
from app.services.next_draft import NextDraftOrder, NextDraftView

router = APIRouter(prefix="/api/v1/negotiations/{slug}", tags=["proposals"])


@router.post("/drafts/{seq}/next", status_code=201, response_model=NextDraftRead)
def make_next_draft(
    slug: str,
    seq: SeqPath,
    body: NextDraftCreate,
    session: DbSession,
    caller: Editor,
    response: Response,
) -> NextDraftView:
    """Apply proposals to draft `seq` and store the result as a new draft (201), or with
    `dry_run` only answer what it would be (200): 409 when two collide and no order is given,
    422 when a proposal's words are no longer there."""
    order = NextDraftOrder(
        label=body.label,
        proposals=tuple(body.proposals),
        order=tuple(body.order),
        bis=tuple(body.bis),
        dry_run=body.dry_run,
        symbol=body.symbol,
        stage=body.stage,
        circulated_on=body.circulated_on,
    )
    made = next_draft.make_next_draft(session, caller.name, slug, seq, order)
    if made.dry_run:
        response.status_code = 200
    return made


@router.get("/collisions", response_model=CollisionPage)
def list_collisions(
    slug: str,
    session: DbSession,
    _: Viewer,
    draft: Annotated[int | None, Query(ge=1, le=10**9)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> Page[CollisionView]:
    """Pending proposals on a draft (default the latest) that act on the same words."""
    return collisions.list_collisions(session, slug, draft, limit=limit, offset=offset)
