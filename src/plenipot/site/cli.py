"""Site commands: demo, serve, token, digest, migrate, createsuperuser. Django is set up
lazily.

The environment is checked before anything starts (a malformed `DATABASE_URL`, an
unreachable Redis), and every such problem ends the command with one line.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys

from plenipot.core.cli import (
    CommandError,
    check_database,
    data_dir_options,
    django_setup,
    setup,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the site commands to the `plenipot` parser."""
    common = data_dir_options()

    demo = subparsers.add_parser(
        "demo",
        parents=[common],
        help="load the demo conference (Busan 2014) and serve it",
        description="Migrate the database, load the demo conference if it is not there yet, "
        "and serve it on http://127.0.0.1:8000.",
    )
    demo.add_argument("--no-serve", action="store_true", help="load the demo and exit")
    demo.add_argument(
        "--today",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the day the demo believes it is (default: 28 October 2014, inside its conference)",
    )
    demo.add_argument(
        "--scale",
        type=_factor,
        metavar="N",
        help="grow the demo to N times its size (documents, proposals, groups, meetings, "
        "drafting rooms, accounts), for measuring the site at the size of a real conference",
    )
    demo.add_argument(
        "--revisions",
        type=_count,
        metavar="R",
        help="with --scale: revisions in the demo's first drafting room "
        "(default 10,000 at --scale 30, in proportion otherwise)",
    )
    demo.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on ({DEFAULT_HOST})")
    demo.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    demo.set_defaults(handler=handle_demo)

    serve = subparsers.add_parser(
        "serve",
        parents=[common],
        help="serve the site over ASGI (HTTP and WebSockets)",
        description="Serve the site with uvicorn. Several workers need PostgreSQL "
        "(DATABASE_URL) and Redis (REDIS_URL).",
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on ({DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    serve.add_argument("--workers", type=int, default=1, help="server processes (1)")
    serve.set_defaults(handler=handle_serve)

    token = subparsers.add_parser(
        "token",
        parents=[common],
        help="print a new API token for a user",
        description="Create an API token for USERNAME and print it once. The API accepts it "
        "as `Authorization: Bearer <token>` and reads as that user.",
    )
    token.add_argument("username")
    token.set_defaults(handler=handle_token)

    digest = subparsers.add_parser(
        "digest",
        parents=[common],
        help="send the daily digest to everyone who follows something",
        description="E-mail each follower what changed in the bodies and instruments they "
        "follow (new documents they may read, the next day's meetings).",
    )
    digest.add_argument("--base-url", default="", help="the site's address, for links")
    digest.set_defaults(handler=handle_digest)

    for name, text in (
        ("migrate", "create or update the database tables (Django's migrate)"),
        ("createsuperuser", "create an administrator account (Django's createsuperuser)"),
    ):
        # Every argument, options included, goes to Django's command (which also answers
        # --help); only --data-dir is taken out first.
        command = subparsers.add_parser(
            name, help=text, add_help=False, prefix_chars="+", usage=f"plenipot {name} [...]"
        )
        command.add_argument("args", nargs="*")
        command.set_defaults(handler=handle_django_command, django_command=name)


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a day (YYYY-MM-DD)") from None


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is below 0")
    return number


def _factor(value: str) -> int:
    number = _count(value)
    if number < 1:
        raise argparse.ArgumentTypeError("the scale is 1 or more")
    return number


def setup_site(args: argparse.Namespace) -> None:
    """Set Django up, then check that Redis answers (when `REDIS_URL` is set) and that
    the database opens: what the commands that serve the site need first."""
    django_setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from django.conf import settings

    from plenipot.site.environment import ConfigurationError, check_redis

    if settings.REDIS_URL:
        try:
            check_redis(settings.REDIS_URL)
        except ConfigurationError as exc:
            raise CommandError(str(exc).splitlines()[0]) from None
    check_database()


def migrate(verbosity: int = 0) -> None:
    # Django is set up by now; the command line starts without it (core.cli).
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def handle_demo(args: argparse.Namespace) -> int:
    if args.revisions is not None and args.scale is None:
        raise CommandError("--revisions goes with --scale")
    # The demo serves plain HTTP on this machine: cookies cannot be HTTPS-only there.
    os.environ.setdefault("PLENIPOT_SECURE_COOKIES", "0")
    # The demo conference meets in Busan: its pages show Korean time unless told otherwise.
    os.environ.setdefault("PLENIPOT_TIME_ZONE", "Asia/Seoul")
    setup_site(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from django.conf import settings

    from plenipot.demo.loader import DemoDataError, demo_load

    print(f"Data folder: {settings.DATA_DIR}")
    migrate()
    try:
        result = demo_load(today=args.today)
    except DemoDataError as exc:
        raise CommandError(f"demo data: {exc}") from None
    conference = result.conference
    if result.created:
        print(f"Loaded the demo conference: {conference}.")
    else:
        print(f"The demo conference is already loaded: {conference}.")
    if args.scale is not None:
        scale_demo(args.scale, args.revisions)
    if result.accounts:
        print("Demo accounts (username / password, role):")
        width = max(len(a.username) for a in result.accounts)
        for account in result.accounts:
            line = f"  {account.username:<{width}}  {account.password}  ({account.role})"
            if account.display:
                line += f" {account.display}"
            print(line)
    if args.no_serve:
        return 0
    return serve(host=args.host, port=args.port, workers=1)


def scale_demo(factor: int, revisions: int | None) -> None:
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.demo.loader import DemoDataError
    from plenipot.demo.scale import demo_scale

    print(f"Growing the demo to {factor} times its size…", flush=True)
    try:
        scaled = demo_scale(
            factor=factor,
            revisions=revisions,
            progress=lambda line: print(f"  {line}", flush=True),
        )
    except DemoDataError as exc:
        raise CommandError(f"demo data: {exc}") from None
    if not scaled.slices_built and not scaled.revisions_added:
        print(f"The demo is already at {factor} times its size.")
    else:
        print(f"Done in {scaled.seconds:.1f} s.")
    print(", ".join(f"{count:,} {what}" for what, count in scaled.counts.items()) + ".")


def handle_token(args: argparse.Namespace) -> int:
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.accounts.models import User
    from plenipot.accounts.services import token_create

    user = User.objects.filter(username=args.username).first()
    if user is None:
        raise CommandError(f"no user named {args.username!r}")
    if not user.is_active:
        raise CommandError(f"the account {args.username!r} is disabled")
    print(token_create(user=user))
    return 0


def handle_digest(args: argparse.Namespace) -> int:
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.portal.digest import digests_send

    sent = digests_send(base_url=args.base_url)
    print(f"Sent {sent} digest(s).")
    return 0


def handle_serve(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise CommandError("--workers must be 1 or more")
    if not 0 < args.port < 65536:
        raise CommandError("--port must be between 1 and 65535")
    setup_site(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if args.workers > 1:
        # After Django's set-up (core.cli): the workers' metrics are added up at each scrape.
        from plenipot.operations.metrics import prepare_for_workers

        prepare_for_workers()
    if args.workers > 1 and not settings.REDIS_URL:
        print(
            "plenipot: warning: several workers without REDIS_URL do not share live updates",
            file=sys.stderr,
        )
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print(
            "plenipot: warning: the database needs migrating; run `plenipot migrate`",
            file=sys.stderr,
        )
    return serve(host=args.host, port=args.port, workers=args.workers)


def server_options() -> dict:
    """uvicorn's options for the site, besides where it listens (also used by the tests
    that serve the site)."""
    return {
        "lifespan": "off",
        # Live pages send the same small frame to thousands of watchers; compressing it
        # once per connection cost about half of the fan-out time (docs/drafting-room.md).
        "ws_per_message_deflate": False,
        # No `server: uvicorn` header: the server's name and make are nobody's business.
        "server_header": False,
        # The site sees the connection's own peer and alone decides whether to believe
        # X-Forwarded-For (PLENIPOT_TRUSTED_PROXIES, plenipot.core.addresses.client_address).
        "proxy_headers": False,
        # The site writes its own line per request (plenipot.operations.requests).
        "access_log": False,
    }


def serve(*, host: str, port: int, workers: int) -> int:
    # The server is loaded only by the commands that serve.
    import uvicorn

    display_host = f"[{host}]" if ":" in host else host
    print(f"Serving Plenipot on http://{display_host}:{port}/ (press Ctrl+C to stop)", flush=True)
    uvicorn.run(
        "plenipot.site.asgi:application",
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        **server_options(),
    )
    return 0


def take_data_dir(arguments: list[str]) -> tuple[str | None, list[str]]:
    """Split `--data-dir DIR` (or `--data-dir=DIR`) from the other arguments."""
    data_dir = None
    rest: list[str] = []
    items = iter(arguments)
    for item in items:
        if item == "--data-dir":
            data_dir = next(items, None)
            if data_dir is None:
                raise CommandError("--data-dir needs a folder")
        elif item.startswith("--data-dir="):
            data_dir = item.split("=", 1)[1]
        else:
            rest.append(item)
    return data_dir, rest


def handle_django_command(args: argparse.Namespace) -> int:
    args.data_dir, rest = take_data_dir(list(args.args))
    setup(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from django.core.management import execute_from_command_line

    execute_from_command_line(["plenipot", args.django_command, *rest])
    return 0
