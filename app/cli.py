"""The `penholder` command: serve, demo, migrate, import, export, next, token, backup, bench."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from app.core.errors import PenholderError
from app.core.vocabulary import Role
from app.settings import Settings, get_settings


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `penholder` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args, get_settings()) or 0)
    except PenholderError as exc:
        print(f"penholder: {exc.detail}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="penholder",
        description="Every draft of a UN resolution, each paragraph's life, who asked for each "
        "change. The database is PENHOLDER_DATABASE_URL (default: sqlite:///penholder.db).",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the API and the web app (no demo data)")
    _server_options(serve)
    serve.set_defaults(run=_serve)

    demo = commands.add_parser(
        "demo", help="migrate, load the sample negotiation if empty, print a sign-in link, serve"
    )
    _server_options(demo)
    demo.set_defaults(run=_demo)

    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(run=_migrate)

    imp = commands.add_parser("import", help="upload drafts from files, in order")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--negotiation", required=True, metavar="SLUG")
    imp.add_argument(
        "--title", help="title when the negotiation is new (default: the first draft's)"
    )
    imp.add_argument("--body", default="HRC", help="body code when the negotiation is new")
    imp.add_argument("--session", default="", help="session when the negotiation is new")
    imp.add_argument("--labels", help="comma-separated draft labels (default: file names)")
    imp.set_defaults(run=_import)

    library = commands.add_parser("library", help="the library of adopted resolutions")
    library_commands = library.add_subparsers(title="library commands", metavar="ACTION")
    library_import = library_commands.add_parser(
        "import", help="import resolutions from a folder or a .tar.xz (manifest.json when there)"
    )
    library_import.add_argument("path", type=Path, metavar="PATH")
    library_import.add_argument(
        "--replace", action="store_true", help="replace known symbols whose content changed"
    )
    library_import.set_defaults(run=_library_import)

    export = commands.add_parser(
        "export", help="write a draft, a redline or a compilation as .docx"
    )
    export.add_argument("--negotiation", required=True, metavar="SLUG")
    export.add_argument("--draft", default="latest", metavar="SEQ")
    export.add_argument(
        "--compare", metavar="FROM", type=int, help="a redline from draft FROM to --draft"
    )
    export.add_argument("--compilation", action="store_true", help="the compilation text")
    export.add_argument("--out", type=Path, help="output file (default: the suggested name)")
    export.set_defaults(run=_export)

    nxt = commands.add_parser(
        "next", help="make the next draft by applying proposals to a draft (or preview it)"
    )
    nxt.add_argument("--negotiation", required=True, metavar="SLUG")
    nxt.add_argument("--draft", default="latest", metavar="SEQ", help="the draft to apply to")
    nxt.add_argument("--label", required=True, help="the new draft's label, such as Rev.2")
    nxt.add_argument("--proposals", default="", help="comma-separated proposal ids")
    nxt.add_argument("--order", default="", help="ids of colliding proposals, in order")
    nxt.add_argument("--bis", default="", help="ids of new paragraphs to number 'bis'")
    nxt.add_argument("--dry-run", action="store_true", help="print the result, store nothing")
    nxt.set_defaults(run=_next)

    token = commands.add_parser("token", help="create or revoke API tokens")
    token_commands = token.add_subparsers(title="token commands", metavar="ACTION")
    create = token_commands.add_parser("create", help="print a new token, alone, on stdout")
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, choices=[role.value for role in Role])
    create.add_argument("--expires-days", type=float, help="the token expires after this")
    create.set_defaults(run=_token_create)
    revoke = token_commands.add_parser("revoke", help="revoke every token with this name")
    revoke.add_argument("--name", required=True)
    revoke.set_defaults(run=_token_revoke)

    backup = commands.add_parser("backup", help="write the whole database to a zip archive")
    backup.add_argument("file", type=Path, metavar="FILE")
    backup.set_defaults(run=_backup)

    restore = commands.add_parser(
        "restore", help="load a backup archive into an empty, migrated database"
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(run=_restore)

    bench = commands.add_parser("bench", help="run the benchmarks in tests/bench and print tables")
    bench.add_argument("--quick", action="store_true", help="fewer sizes and seeds")
    bench.add_argument("names", nargs="*", help="only these benchmarks (alignment, docx, export…)")
    bench.set_defaults(run=_bench)
    return parser


def _server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)


def _engine(settings: Settings) -> Engine:
    from app.db.session import get_engine

    return get_engine(settings.database_url, settings.sqlite_busy_timeout_ms)


def _migrate(_: argparse.Namespace, settings: Settings) -> int:
    from app.db.migrate import upgrade_database

    upgrade_database(settings.database_url)
    print(f"penholder: database at head ({_shown(settings.database_url)})", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.api.protocol import UVICORN_HTTP

    _migrate(args, settings)
    os.environ["PENHOLDER_DATABASE_URL"] = settings.database_url
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        http=UVICORN_HTTP,
        log_level="info",
    )
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from app.bundled import sample_drafts_folder
    from app.db.repositories import tokens as tokens_repo
    from app.db.session import transaction
    from app.services.demo import load_sample_negotiation
    from app.services.library_files import load_demo_library
    from app.services.tokens import create_token

    _migrate(args, settings)
    engine = _engine(settings)
    with transaction(engine, write=True) as session:
        slug = load_sample_negotiation(session, sample_drafts_folder(), progress=_progress)
        load_demo_library(session, sample_drafts_folder() / "library")
        token = (
            create_token(session, "demo", Role.ADMIN)
            if tokens_repo.token_count(session) == 0
            else None
        )
    host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(f"\nPenholder demo: the sample negotiation is '{slug}'.")
    if token:
        print(f"Open http://{host}:{args.port}/#token={token}")
        print(f"API token (admin): {token}")
        print(
            f"Try: curl -H 'Authorization: Bearer {token}' "
            f"http://{host}:{args.port}/api/v1/negotiations/{slug}/drafts"
        )
    else:
        print(
            f"Open http://{host}:{args.port}/ and sign in with your token "
            f"(new one: penholder token create --name me --role {Role.ADMIN})."
        )
    sys.stdout.flush()
    return _serve(args, settings)


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from app.db.session import transaction
    from app.services.demo import import_draft_files

    labels = [s.strip() for s in args.labels.split(",")] if args.labels else None
    if labels is not None and len(labels) != len(args.paths):
        print("penholder: give as many --labels as files", file=sys.stderr)
        return 2
    with transaction(_engine(settings), write=True) as session:
        seqs = import_draft_files(
            session,
            args.negotiation,
            args.paths,
            labels=labels,
            title=args.title,
            body=args.body,
            session_name=args.session,
            progress=_progress,
        )
    print(
        f"penholder: stored drafts {', '.join(map(str, seqs))} in '{args.negotiation}'",
        file=sys.stderr,
    )
    return 0


def _library_import(args: argparse.Namespace, settings: Settings) -> int:
    from app.services.library_files import import_library, library_entries

    entries = library_entries(args.path, settings.max_upload_bytes)
    report = import_library(
        _engine(settings), entries, replace=args.replace, docx_limits=settings.docx_limits,
        progress=_progress,
    )  # fmt: skip
    for problem in report.problems:
        print(f"penholder: not imported: {problem}", file=sys.stderr)
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(report.outcomes.items()))
    print(
        f"penholder: library import of {args.path}: {counts or 'nothing stored'}"
        f"{f', {len(report.problems)} not imported' if report.problems else ''}",
        file=sys.stderr,
    )
    return 1 if report.problems else 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from app.core.vocabulary import ExportKind
    from app.db.session import transaction
    from app.services.exports import export_document

    kind = (
        ExportKind.COMPARE
        if args.compare
        else ExportKind.COMPILATION
        if args.compilation
        else ExportKind.CLEAN
    )
    with transaction(_engine(settings)) as session:
        raw, file_name = export_document(
            session, args.negotiation, kind, draft=args.draft, from_draft=args.compare
        )
    out = args.out or Path(file_name)
    out.write_bytes(raw)
    print(out)
    return 0


def _ids(text: str) -> tuple[int, ...]:
    """Comma-separated ids as a tuple of ints, or InvalidInput naming the bad one."""
    from app.core.errors import InvalidInput

    ids = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if not part.isdigit():
            raise InvalidInput(f"'{part}' is not a proposal id.")
        ids.append(int(part))
    return tuple(ids)


def _next(args: argparse.Namespace, settings: Settings) -> int:
    from app.db.session import transaction
    from app.services.next_draft import NextDraftOrder, make_next_draft

    order = NextDraftOrder(
        label=args.label,
        proposals=_ids(args.proposals),
        order=_ids(args.order),
        bis=_ids(args.bis),
        dry_run=args.dry_run,
    )
    draft = args.draft if args.draft == "latest" else int(args.draft)
    with transaction(_engine(settings), write=not args.dry_run) as session:
        made = make_next_draft(session, "penholder-cli", args.negotiation, draft, order)
    for paragraph in made.paragraphs:
        print(f"{paragraph.label or '-':12} {paragraph.text}")
    for gone in made.deleted:
        print(f"{gone.label or '-':12} (deleted by proposal {', '.join(map(str, gone.proposals))})")
    if made.seq is not None:
        print(f"penholder: stored '{made.label}' as draft {made.seq}", file=sys.stderr)
    return 0


def _token_create(args: argparse.Namespace, settings: Settings) -> int:
    from app.db.session import transaction
    from app.services.tokens import create_token

    expires = None
    if args.expires_days is not None:
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=args.expires_days)
    with transaction(_engine(settings), write=True) as session:
        token = create_token(session, args.name, Role(args.role), expires_at=expires)
    print(token)
    return 0


def _token_revoke(args: argparse.Namespace, settings: Settings) -> int:
    from app.db.session import transaction
    from app.services.tokens import revoke_tokens

    with transaction(_engine(settings), write=True) as session:
        count = revoke_tokens(session, args.name)
    print(f"penholder: revoked {count} token(s) named '{args.name}'", file=sys.stderr)
    return 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from app.db.session import transaction
    from app.services.backup import backup_database

    with transaction(_engine(settings)) as session:
        counts = backup_database(session, args.file)
    print(f"penholder: wrote {args.file} ({_counted(counts)})", file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    from app.db.session import transaction
    from app.services.backup import restore_database

    with transaction(_engine(settings), write=True) as session:
        counts = restore_database(session, args.file)
    print(f"penholder: restored {args.file} ({_counted(counts)})", file=sys.stderr)
    return 0


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.items() if n) or "empty"


def _bench(args: argparse.Namespace, _: Settings) -> int:
    import runpy

    from app.bundled import benchmarks_folder

    folder = benchmarks_folder()
    scripts = sorted(folder.glob("bench_*.py"))
    if not scripts:
        print(f"penholder: no benchmarks in {folder}", file=sys.stderr)
        return 1
    wanted = set(args.names)
    status = 0
    for script in scripts:
        name = script.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"\n== {name} ==", flush=True)
        sys.path.insert(0, str(folder))
        module = runpy.run_path(str(script), run_name="penholder_bench")
        status |= int(module["main"](["--quick"] if args.quick else []) or 0)
    return status


def _progress(done: int, total: int, name: str) -> None:
    width = 24
    filled = width * done // max(total, 1)
    bar = "#" * filled + "-" * (width - filled)
    end = "\n" if done == total else ""
    print(f"\r[{bar}] {done}/{total} {name[:40]:<40}", end=end, file=sys.stderr, flush=True)


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
