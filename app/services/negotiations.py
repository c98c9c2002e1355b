"""Negotiations: create, list, read, update."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy.orm import Session

from app.core.errors import Conflict, InvalidInput
from app.db.models import Negotiation, utcnow
from app.db.repositories import drafts as drafts_repo
from app.db.repositories import tokens as tokens_repo

STATUSES = ("informals", "tabled", "adopted", "withdrawn")
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


def slug_for(title: str, body: str, session_name: str) -> str:
    """A readable URL key: 'human-rights-defenders-hrc58'."""
    words = unicodedata.normalize("NFKD", f"{title}").encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:50].strip("-")
    suffix = re.sub(r"[^a-z0-9]+", "", f"{body}{session_name}".lower())
    return "-".join(part for part in (words or "negotiation", suffix) if part)


def create_negotiation(session: Session, actor: str, fields: dict[str, Any]) -> Negotiation:
    """Store a new negotiation; its slug is given or derived from title, body and session."""
    slug = fields.pop("slug", None)
    if slug:
        if not SLUG.match(slug):
            raise InvalidInput(
                "A slug is lowercase letters, digits and hyphens, at most 80 characters."
            )
        if drafts_repo.slug_exists(session, slug):
            raise Conflict(f"The slug '{slug}' is taken by another negotiation.")
    else:
        base = slug_for(fields["title"], fields["body"], fields.get("session", ""))
        slug, n = base, 2
        while drafts_repo.slug_exists(session, slug):
            slug, n = f"{base}-{n}", n + 1
    _check_status(fields.get("status"))
    negotiation = Negotiation(slug=slug, **{k: v for k, v in fields.items() if v is not None})
    session.add(negotiation)
    session.flush()
    tokens_repo.record_audit(session, actor, "negotiation.create", slug)
    return negotiation


def update_negotiation(
    session: Session, actor: str, slug: str, fields: dict[str, Any]
) -> Negotiation:
    """Change a negotiation's title, body, session, agenda item, penholders or status."""
    negotiation = drafts_repo.negotiation_by_slug(session, slug)
    _check_status(fields.get("status"))
    for name, value in fields.items():
        setattr(negotiation, name, value)
    negotiation.updated_at = utcnow()
    tokens_repo.record_audit(session, actor, "negotiation.update", slug, {"fields": sorted(fields)})
    session.flush()
    return negotiation


def _check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"Unknown status '{status}': use one of {', '.join(STATUSES)}.")
