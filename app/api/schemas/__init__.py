"""The API's nouns: request and response bodies, validated at the edge, one module per noun.

What every noun shares lives here: `Strict` request bodies, `Read` response bodies, `Stamp`
times and the health answer.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator


def _in_utc(moment: dt.datetime) -> dt.datetime:
    """Stored times are UTC; SQLite returns them without a zone, so say which it is."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


Stamp = Annotated[dt.datetime, AfterValidator(_in_utc)]

UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def has_unstorable_characters(text: str) -> bool:
    """Whether `text` holds control characters (NUL, escape…) or lone surrogates: PostgreSQL
    cannot store NUL and Word (XML) cannot hold any of them."""
    return UNSTORABLE.search(text) is not None


class Strict(BaseModel):
    """Request bodies refuse fields they do not know, and control characters in text."""

    model_config = ConfigDict(extra="forbid")
    free_text: ClassVar[frozenset[str]] = frozenset()  # fields checked later, by the parser

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name in cls.free_text:
            return value
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and has_unstorable_characters(text):
                raise ValueError("must not contain control characters")
        return value


class Read(BaseModel):
    """A response body read by attribute from a service's view or a stored row."""

    model_config = ConfigDict(from_attributes=True)


class Health(BaseModel):
    status: Literal["ok"]
