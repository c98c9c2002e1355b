"""Penholder's settings, read from `PENHOLDER_*` environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

from app.core.parsing.docx_safety import DocxLimits
from app.core.parsing.pdf_safety import PdfLimits


class Settings(BaseSettings):
    """Everything an operator can tune; every field is `PENHOLDER_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="PENHOLDER_", extra="ignore")

    database_url: str = "sqlite:///penholder.db"
    max_upload_mb: float = 20.0
    max_json_kb: int = 2048
    docx_max_entries: int = 2000
    docx_max_uncompressed_mb: int = 200
    docx_max_entry_ratio: int = 200
    pdf_max_pages: int = 500
    pdf_max_seconds: float = 30.0
    pdf_max_memory_mb: int = 1024
    sqlite_busy_timeout_ms: int = 30_000
    max_header_kb: int = 32
    max_headers: int = 100
    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    upload_budget_s: float = 60.0
    cors_origins: list[str] = []
    session_hours: int = 24
    trust_forwarded_proto: bool = False

    @property
    def max_upload_bytes(self) -> int:
        """The upload size limit in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def docx_limits(self) -> DocxLimits:
        """The Word reader's safety limits."""
        return DocxLimits(
            max_entries=self.docx_max_entries,
            max_total_uncompressed=self.docx_max_uncompressed_mb * 1024 * 1024,
            max_entry_ratio=self.docx_max_entry_ratio,
        )

    @property
    def pdf_limits(self) -> PdfLimits:
        """The PDF reader's limits."""
        return PdfLimits(
            max_pages=self.pdf_max_pages,
            max_seconds=self.pdf_max_seconds,
            max_memory_mb=self.pdf_max_memory_mb,
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
