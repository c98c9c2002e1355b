"""Negotiations: create and update."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields

from sqlalchemy.orm import Session

from app.core.errors import Conflict, InvalidInput
from app.core.vocabulary import NegotiationStatus
from app.db.models import Negotiation, utcnow
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import tokens as tokens_repo

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


@dataclass(frozen=True, slots=True)
class NewNegotiation:
    """A negotiation to create; without a slug, one is derived from title, body and session."""

    title: str
    body: str
    session: str = ""
    agenda_item: str = ""
    slug: str | None = None
    penholders: tuple[str, ...] = ()
    status: NegotiationStatus = NegotiationStatus.INFORMALS


@dataclass(frozen=True, slots=True)
class NegotiationChanges:
    """What to change in a negotiation; None leaves a field as it is."""

    title: str | None = None
    body: str | None = None
    session: str | None = None
    agenda_item: str | None = None
    penholders: tuple[str, ...] | None = None
    status: NegotiationStatus | None = None


def slug_for(title: str, body: str, session_name: str) -> str:
    """A readable URL key: 'human-rights-defenders-hrc58'."""
    words = unicodedata.normalize("NFKD", f"{title}").encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:50].strip("-")
    suffix = re.sub(r"[^a-z0-9]+", "", f"{body}{session_name}".lower())
    return "-".join(part for part in (words or "negotiation", suffix) if part)


def create_negotiation(session: Session, actor: str, new: NewNegotiation) -> Negotiation:
    """Store a new negotiation; its slug is given or derived from title, body and session."""
    slug = new.slug
    if slug:
        if not SLUG.match(slug):
            raise InvalidInput(
                "A slug is lowercase letters, digits and hyphens, at most 80 characters."
            )
        if drafts_repo.slug_exists(session, slug):
            raise Conflict(f"The slug '{slug}' is taken by another negotiation.")
    else:
        base = slug_for(new.title, new.body, new.session)
        slug, n = base, 2
        while drafts_repo.slug_exists(session, slug):
            slug, n = f"{base}-{n}", n + 1
    negotiation = Negotiation(
        slug=slug,
        title=new.title,
        body=new.body,
        session=new.session,
        agenda_item=new.agenda_item,
        penholders=list(new.penholders),
        status=str(NegotiationStatus(new.status)),
    )
    session.add(negotiation)
    session.flush()
    tokens_repo.record_audit(session, actor, "negotiation.create", slug)
    return negotiation


def update_negotiation(
    session: Session, actor: str, slug: str, changes: NegotiationChanges
) -> Negotiation:
    """Change a negotiation's title, body, session, agenda item, penholders or status."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    given = [f.name for f in fields(changes) if getattr(changes, f.name) is not None]
    for name in given:
        value = getattr(changes, name)
        setattr(negotiation, name, list(value) if isinstance(value, tuple) else str(value))
    negotiation.updated_at = utcnow()
    tokens_repo.record_audit(session, actor, "negotiation.update", slug, {"fields": sorted(given)})
    session.flush()
    return negotiation
