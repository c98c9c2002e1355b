"""Attributions: say by hand which delegations are behind a change or one hunk of it."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.api.deps import DbSession, Editor
from app.api.schemas.attributions import AttributionCreate, AttributionRead
from app.services import attribution
from app.services.attribution import AttributionView, NewAttribution

router = APIRouter(prefix="/api/v1/negotiations/{slug}/attributions", tags=["attributions"])


@router.post("", status_code=201, response_model=AttributionRead)
def add_attribution(
    slug: str, body: AttributionCreate, session: DbSession, caller: Editor
) -> AttributionView:
    """Attribute a change of draft `to` (or its hunk `hunk`) to delegations or a proposal."""
    new = NewAttribution(
        to=body.to,
        lineage_id=body.lineage_id,
        hunk=body.hunk,
        delegations=tuple(body.delegations),
        proposal_id=body.proposal_id,
    )
    return attribution.add_attribution(session, caller.name, slug, new)


@router.delete("/{attribution_id}", status_code=204, response_class=Response)
def delete_attribution(
    slug: str, attribution_id: int, session: DbSession, caller: Editor
) -> Response:
    """Remove an attribution."""
    attribution.delete_attribution(session, caller.name, slug, attribution_id)
    return Response(status_code=204)
