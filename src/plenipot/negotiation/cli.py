"""`plenipot draft`: the drafting room from a terminal; `plenipot instrument`: the
instruments, and the import of a text in force from a file.

Every command acts as the account named with `--user` (without it, as a visitor who is
not signed in) and goes through the same selectors, services and access policy as the
page and the API: a draft the account may not watch is answered exactly like a draft
that does not exist, and only the pen (the body's chair and vice-chairs, and the
secretariat) saves a snapshot.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from plenipot.conference.cli import conference_from_args
from plenipot.core.cli import CommandError, setup
from plenipot.engine.draftformat import print_draft
from plenipot.engine.drafting import Status, provision_reading

FORMATS = ("text", "bracketed")


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "draft",
        help="read drafts of the drafting room, compare revisions, save a snapshot",
        description="Read a body's drafts as the account named with --user (default: a "
        "visitor who is not signed in), and save a named snapshot as the body's DT.",
    )
    actions = command.add_subparsers(dest="action", metavar="ACTION")

    listing = actions.add_parser(
        "list", help="the drafts the account may watch", description="List the drafts of the "
        "conference that the account may watch: id, body, latest revision and title.",
    )  # fmt: skip
    listing.add_argument("--body", metavar="SHORT", help="only this body's drafts (e.g. COM5)")
    listing.set_defaults(handler=handle_list)

    show = actions.add_parser(
        "show", help="a draft's text, as it stands or at a revision",
        description="Print a draft's text. `text` lists each provision with its number, "
        "its status and its footnotes; `bracketed` is the bracketed draft format, with "
        "sources and provision ids, which `plenipot` can read back.",
    )  # fmt: skip
    show.add_argument("draft", metavar="ID")
    show.add_argument("--revision", metavar="N", help="the text after revision N (default: latest)")
    show.add_argument("--format", choices=FORMATS, default="text", help="text (default) or bracketed")
    show.set_defaults(handler=handle_show)

    history = actions.add_parser("history", help="every revision: who, when, what")
    history.add_argument("draft", metavar="ID")
    history.set_defaults(handler=handle_history)

    diff = actions.add_parser(
        "diff", help="what changed between two revisions",
        description="The provisions that changed between revision A and revision B, with "
        "word marks: [-deleted-] and {+inserted+}. 0 is the text the draft started from.",
    )  # fmt: skip
    diff.add_argument("draft", metavar="ID")
    diff.add_argument("old", metavar="A")
    diff.add_argument("new", metavar="B")
    diff.set_defaults(handler=handle_diff)

    provenance = actions.add_parser(
        "provenance", help="who put each word of the current text there",
        description="For every provision, its words grouped by origin: the proposal, or "
        "the delegation or pen and the revision that introduced them.",
    )  # fmt: skip
    provenance.add_argument("draft", metavar="ID")
    provenance.set_defaults(handler=handle_provenance)

    snapshot = actions.add_parser(
        "snapshot", help="save the current text under a name and issue it as the body's DT",
        description="Save the current text under NAME and issue it as the body's next "
        "temporary document: DT/n, then DT/n(Rev.1) and so on. The pen only.",
    )  # fmt: skip
    snapshot.add_argument("draft", metavar="ID")
    snapshot.add_argument("name", metavar="NAME")
    snapshot.set_defaults(handler=handle_snapshot)

    opening = actions.add_parser(
        "open", help="open a drafting room in a body on an instrument",
        description="Open a drafting room in BODY on INSTRUMENT (\"resolution 130\"): its "
        "text is the consolidation of every proposal on the instrument allocated to the body "
        "(or to its parent, for a group), the sources named in the brackets. The body's "
        "chair or vice-chairs, or the secretariat.",
    )  # fmt: skip
    opening.add_argument("body", metavar="BODY")
    opening.add_argument("instrument", metavar="INSTRUMENT")
    opening.add_argument(
        "--delegation", dest="delegations", action="append", default=[], metavar="CODE",
        help="a delegation taking part (ISO alpha-3 or ITU symbol); repeat it; "
        "none: every delegation",
    )  # fmt: skip
    opening.add_argument("--title", default="")
    opening.set_defaults(handler=handle_open)

    closing = actions.add_parser("close", help="close a drafting room")
    closing.add_argument("draft", metavar="ID")
    closing.set_defaults(handler=handle_close)

    handing = actions.add_parser(
        "hand-over", help="hand a group's text to the body that created it",
    )  # fmt: skip
    handing.add_argument("draft", metavar="ID")
    handing.set_defaults(handler=handle_hand_over)

    writes = (snapshot, opening, closing, handing)
    for parser in (listing, show, history, diff, provenance, *writes):
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            required=parser in writes,
            help="act as this account" + ("" if parser in writes else
                                          " (default: a visitor who is not signed in)"),
        )  # fmt: skip
        parser.add_argument("--data-dir", metavar="DIR", help="as for the other site commands")
    for parser in (listing, opening):
        parser.add_argument("--conference", metavar="SHORT_NAME", help="default: the latest")
    command.set_defaults(handler=lambda args: command.print_help() or 2)
    _register_instrument(subparsers)


# --- helpers ---------------------------------------------------------------------------


def _user(args: argparse.Namespace):
    # Django is set up by now; the command line starts without it (core.cli).
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    if not args.user:
        return AnonymousUser()
    user = get_user_model().objects.filter(username=args.user, is_active=True).first()
    if user is None:
        raise CommandError(f"no active account {args.user!r}")
    return user


def _number(value: str, what: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"{what} must be a number, not {value!r}") from None
    if number < 0 or number > 2**31 - 1:
        raise CommandError(f"{what} must be a number from 0, not {value!r}")
    return number


def _draft(args: argparse.Namespace, user):
    """The draft, if `user` may watch it. A draft the user may not watch gets the same
    answer as one that does not exist (as the page and the API answer 404)."""
    # Django is set up by now; the command line starts without it (core.cli).
    from django.http import Http404

    from plenipot.negotiation.selectors import access_draft

    try:
        number = int(args.draft)
    except ValueError:
        raise CommandError(f"a draft is named by its number, not {args.draft!r}") from None
    try:
        return access_draft(user, number)
    except Http404:
        raise CommandError(f"there is no draft {args.draft}") from None


def _revision(draft, value: str, what: str = "revision") -> int:
    number = _number(value, what)
    if number > draft.head:
        raise CommandError(
            f"there is no revision {number} of draft {draft.pk}: "
            f"its revisions are 0 to {draft.head}"
        )
    return number


def _start(args: argparse.Namespace):
    setup(args)
    return _user(args)


# --- commands --------------------------------------------------------------------------


def handle_list(args: argparse.Namespace) -> int:
    user = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.conference.models import Body
    from plenipot.negotiation.models import Draft
    from plenipot.negotiation.selectors import drafts_watchable

    conference = conference_from_args(args)
    drafts = Draft.objects.filter(body__conference=conference).select_related("body")
    if args.body:
        if not Body.objects.filter(conference=conference, code=args.body).exists():
            raise CommandError(f"there is no body {args.body} in {conference.short_name}")
        drafts = drafts.filter(body__code=args.body)
    rows = list(drafts_watchable(user, drafts).order_by("body__position", "body__code", "pk"))
    if not rows:
        print("No drafts.")
        return 0
    width = max(len(str(d.pk)) for d in rows)
    code_width = max(len(d.body.code) for d in rows)
    for draft in rows:
        print(f"{draft.pk:>{width}}  {draft.body.code:<{code_width}}  r{draft.head:<4} {draft.title}")
    return 0


def _text_listing(draft, text) -> str:
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.negotiation.selectors import draft_numbers

    numbers = draft_numbers(text)
    lines = []
    for provision in text.draft.provisions:
        label = numbers.get(provision.eid, "")
        status = text.status(provision.eid)
        if provision.kind.is_heading and lines:
            lines.append("")
        line = "  " * provision.depth + (f"{label} " if label else "")
        line += provision_reading(provision)
        if status is not Status.OPEN:
            line += f"  ({status.value.replace('_', ' ')})"
        lines.append(line)
        for n, footnote in enumerate(text.footnotes.get(provision.eid, ()), start=1):
            lines.append("  " * provision.depth + f"    [{n}] {footnote}")
    return "\n".join(lines) + "\n"


def handle_show(args: argparse.Namespace) -> int:
    user = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.negotiation.selectors import revision_text

    draft = _draft(args, user)
    number = draft.head if args.revision is None else _revision(draft, args.revision)
    text = revision_text(draft, number)
    if args.format == "bracketed":
        print(print_draft(text.draft), end="")
        return 0
    print(f"{draft.title} · {draft.body.code} · revision {number} of {draft.head}")
    print()
    print(_text_listing(draft, text), end="")
    return 0


def handle_history(args: argparse.Namespace) -> int:
    user = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from django.utils import timezone

    from plenipot.negotiation.selectors import revision_history

    draft = _draft(args, user)
    print(f"{draft.title} · {draft.body.code} · {draft.head} revisions")
    for revision in revision_history(draft):
        when = timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")
        parts = [f"r{revision.number}", when, str(revision.author), revision.credit]
        if revision.meeting_id:
            parts.append(f"meeting {revision.meeting.number}")
        line = "  ".join(parts) + f"  {revision.description}".rstrip()
        if revision.undoes:
            line += f" (undoes r{revision.undoes})"
        print(f"{line}  [{', '.join(revision.eids)}]")
    return 0


def handle_diff(args: argparse.Namespace) -> int:
    user = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.negotiation.selectors import revision_diff

    draft = _draft(args, user)
    old = _revision(draft, args.old, "revision A")
    new = _revision(draft, args.new, "revision B")
    changes = revision_diff(draft, old, new)
    print(f"{draft.title} · {draft.body.code} · revision {old} → {new}")
    if not changes:
        print("No change.")
        return 0
    for change in changes:
        status = ""
        if change["status_before"] != change["status_after"]:
            before = (change["status_before"] or "-").replace("_", " ")
            after = (change["status_after"] or "-").replace("_", " ")
            status = f", status {before} → {after}"
        print(f"\n{change['eid']} ({change['change']}{status})")
        print(f"  {change['text']}")
    return 0


def handle_provenance(args: argparse.Namespace) -> int:
    user = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.negotiation.selectors import draft_provenance

    draft = _draft(args, user)
    print(f"{draft.title} · {draft.body.code} · revision {draft.head}")
    for provision in draft_provenance(draft):
        print(f"\n{provision['eid']}")
        for piece in provision["pieces"]:
            runs: list[tuple[str, list[str]]] = []
            for word, origin in piece["words"]:
                # Spaces go with the words before them, whatever their own origin.
                if runs and (runs[-1][0] == origin or word.isspace()):
                    runs[-1][1].append(word)
                else:
                    runs.append((origin, [word]))
            where = "" if piece["alternative"] is None else f" (alternative {piece['alternative'] + 1})"
            for origin, words in runs:
                text = "".join(words).strip()
                if text:
                    print(f"  {origin or '?'}{where}: {text}")
    return 0


def handle_snapshot(args: argparse.Namespace) -> int:
    user = _start(args)
    from plenipot.accounts.roles import actor_for  # Django is set up by _start
    from plenipot.negotiation.actions import check_snapshot_save

    draft = _draft(args, user)
    snapshot = check_snapshot_save(actor_for(user), draft_id=draft.pk, data={"name": args.name})
    print(
        f"Saved {snapshot.name!r} at revision {snapshot.revision} of draft {draft.pk} "
        f"as {snapshot.document}"
    )
    return 0


def handle_open(args: argparse.Namespace) -> int:
    user = _start(args)
    from plenipot.accounts.roles import actor_for  # Django is set up by _start
    from plenipot.negotiation.actions import check_draft_open

    draft = check_draft_open(
        actor_for(user),
        conference=conference_from_args(args),
        body=args.body,
        instrument=args.instrument,
        delegations=args.delegations,
        title=args.title,
    )
    print(f"Opened drafting room {draft.pk} in {draft.body.code}: {draft.title}")
    return 0


def handle_close(args: argparse.Namespace) -> int:
    user = _start(args)
    from plenipot.accounts.roles import actor_for  # Django is set up by _start
    from plenipot.negotiation.actions import check_draft_close

    draft = check_draft_close(actor_for(user), draft_id=_number(args.draft, "the draft"))
    print(f"Closed drafting room {draft.pk} ({draft.body.code}).")
    return 0


def handle_hand_over(args: argparse.Namespace) -> int:
    user = _start(args)
    from plenipot.accounts.roles import actor_for  # Django is set up by _start
    from plenipot.negotiation.actions import check_draft_hand_over

    new = check_draft_hand_over(actor_for(user), draft_id=_number(args.draft, "the draft"))
    print(f"The text goes on in {new.body.code}: drafting room {new.pk}.")
    return 0


# --- instruments ---------------------------------------------------------------------------


def _register_instrument(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "instrument",
        help="list the instruments; import a text in force from a file",
        description="List the conference's instruments, and import a text in force from a "
        "Word (.docx), Akoma Ntoso (.xml) or plain-text (.txt) file.",
    )
    actions = command.add_subparsers(dest="action", metavar="ACTION")

    listing = actions.add_parser(
        "list", help="the instruments: kind, number, status and title",
        description="The texts in force, and the drafts for a signed-in account.",
    )  # fmt: skip
    listing.add_argument("--user", metavar="USERNAME",
                         help="act as this account (default: a visitor who is not signed in)")  # fmt: skip
    listing.set_defaults(handler=handle_instrument_list)

    importing = actions.add_parser(
        "import", help="import a text in force from a .docx, .xml or .txt file",
        description="Import the resolution, decision or recommendation in FILE as an "
        "instrument of the conference. Its kind, number and title come from the file's first "
        "lines; --kind and --number, when given, must agree with them. With --replace the "
        "text replaces that of the instrument with the same kind and number, as long as "
        "nothing depends on it yet (proposals, drafting rooms, documents, submissions, "
        "translations). The secretariat.",
    )  # fmt: skip
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--kind", default="", choices=("", "resolution", "decision", "recommendation"))
    importing.add_argument("--number", default="", metavar="N", help="e.g. 130 (default: the file's)")
    importing.add_argument("--title", default="", help="default: the file's")
    importing.add_argument("--replace", action="store_true",
                           help="replace the text of the instrument with this number")  # fmt: skip
    importing.add_argument("--user", metavar="USERNAME", required=True, help="act as this account")
    importing.set_defaults(handler=handle_instrument_import)

    for parser in (listing, importing):
        parser.add_argument("--conference", metavar="SHORT_NAME", help="default: the latest")
        parser.add_argument("--data-dir", metavar="DIR", help="as for the other site commands")
    command.set_defaults(handler=lambda args: command.print_help() or 2)


def handle_instrument_list(args: argparse.Namespace) -> int:
    user = _start(args)
    # Django is set up by now; the command line starts without it (core.cli).
    from plenipot.negotiation.selectors import instruments_readable

    rows = instruments_readable(conference=conference_from_args(args), user=user)
    if not rows:
        print("No instruments.")
        return 0
    width = max(len(f"{i.kind} {i.number}") for i in rows)
    for instrument in rows:
        name = f"{instrument.kind} {instrument.number}"
        print(f"{name:<{width}}  {instrument.status:<8}  {instrument.title}")
    return 0


def handle_instrument_import(args: argparse.Namespace) -> int:
    user = _start(args)
    from plenipot.accounts.roles import actor_for  # Django is set up by _start
    from plenipot.documents.files import upload_limits
    from plenipot.negotiation.actions import check_instrument_import
    from plenipot.negotiation.selectors import instrument_name

    path = Path(args.file)
    try:
        with path.open("rb") as handle:  # one byte over the cap: enough to refuse it
            data = handle.read(upload_limits().max_file_bytes + 1)
    except OSError as exc:
        raise CommandError(f"{args.file}: cannot read: {exc.strerror}") from None
    done = check_instrument_import(
        actor_for(user),
        conference=conference_from_args(args),
        filename=path.name,
        data=data,
        kind=args.kind,
        number=args.number,
        title=args.title,
        replace=args.replace,
    )
    name = instrument_name(done.instrument)
    print(f"Imported {name}: {done.instrument.title}" if done.created
          else f"Replaced the text of {name}: {done.instrument.title}")  # fmt: skip
    return 0
