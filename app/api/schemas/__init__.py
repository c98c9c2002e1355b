"""The API's nouns: request and response bodies, validated at the edge, one module per noun.

What every noun shares lives here: `Strict` request bodies, `Read` response bodies, `Stamp`
times and the health answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator

from app.core.characters import code_point, first_bidi_control, first_unstorable


def _in_utc(moment: dt.datetime) -> dt.datetime:
    """Stored times are UTC; SQLite returns them without a zone, so say which it is."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


Stamp = Annotated[dt.datetime, AfterValidator(_in_utc)]


def has_unstorable_characters(text: str) -> bool:
    """Whether `text` holds control characters (NUL, escape…) or lone surrogates: PostgreSQL
    cannot store NUL and Word (XML) cannot hold any of them."""
    return first_unstorable(text) >= 0


def unfit_name(text: str) -> str | None:
    """Why `text` cannot be a label, title or name (control or bidi characters), or None."""
    if first_unstorable(text) >= 0:
        return "must not contain control characters"
    at = first_bidi_control(text)
    if at >= 0:
        return (
            f"must not contain the bidirectional control {code_point(text[at])} "
            f"(at position {at + 1}): it changes the order in which the text is shown"
        )
    return None


class Strict(BaseModel):
    """Request bodies refuse fields they do not know, control characters in text, and bidi
    controls in every field but `prose` (text quoted from or for a draft)."""

    model_config = ConfigDict(extra="forbid")
    free_text: ClassVar[frozenset[str]] = frozenset()  # fields checked later, by the parser
    prose: ClassVar[frozenset[str]] = frozenset()  # draft text: bidi controls are kept

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name in cls.free_text:
            return value
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            if info.field_name in cls.prose:
                if has_unstorable_characters(text):
                    raise ValueError("must not contain control characters")
                continue
            reason = unfit_name(text)
            if reason:
                raise ValueError(reason)
        return value


class Read(BaseModel):
    """A response body read by attribute from a service's view or a stored row."""

    model_config = ConfigDict(from_attributes=True)


class Health(BaseModel):
    status: Literal["ok"]
