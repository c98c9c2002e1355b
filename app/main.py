"""The application: routers, error handlers, middleware and the web app's files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from app.api.docs import install_docs
from app.api.errors import install_error_handlers
from app.api.limits import BodySizeLimit, SecurityHeaders
from app.api.read_cache import ReadCache
from app.api.routes import (
    attributions,
    comparison,
    delegations,
    drafts,
    exports,
    library,
    negotiations,
    next_draft,
    paragraph_search,
    proposals,
    sessions,
)
from app.api.schemas import Health
from app.db.session import get_engine
from app.settings import Settings, get_settings

WEB = Path(__file__).parent / "web"
UPLOAD_OVERHEAD = 256 * 1024


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the Penholder application for `settings` (default: the environment's)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Penholder",
        version="1",
        summary="Every draft of a UN resolution, each paragraph's life, who asked for each change.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = get_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
    app.state.read_cache = ReadCache()
    install_error_handlers(app)

    @app.get("/api/v1/health", response_model=Health, tags=["health"])
    def health() -> Any:
        """Liveness: no token needed."""
        return {"status": "ok"}

    routers = (
        sessions,
        negotiations,
        drafts,
        paragraph_search,
        comparison,
        delegations,
        proposals,
        attributions,
        exports,
        library,
    )
    for module in routers:
        app.include_router(module.router)
    app.include_router(next_draft.router)

    install_docs(app)
    if (WEB / "index.html").exists():
        app.mount("/", StaticFiles(directory=WEB, html=True), name="web")

    def limit_for(path: str) -> int:
        if path.endswith("/drafts") or path.endswith("/import"):
            return settings.max_upload_bytes + UPLOAD_OVERHEAD
        return settings.max_json_kb * 1024

    app.add_middleware(BodySizeLimit, limit_for=limit_for, timeout=settings.body_timeout_s)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            allow_credentials=False,
        )
    app.add_middleware(SecurityHeaders)
    return app
