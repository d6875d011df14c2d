"""Drafting-room pages: the list of drafts a user may watch, and the room itself."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plenipot.accounts.roles import actor_for
from plenipot.conference.selectors import conference_current
from plenipot.core.errors import ActionError, Conflict, Invalid, NotSignedIn, as_action_error
from plenipot.core.pages import page_refusal
from plenipot.documents.files import upload_limits
from plenipot.engine import drafting
from plenipot.negotiation import selectors
from plenipot.negotiation.actions import (
    access_draft_for_actor,
    check_draft_apply,
    check_draft_close,
    check_draft_hand_over,
    check_draft_open,
    check_draft_undo,
    check_instrument_import,
)
from plenipot.negotiation.labels import ProvisionLabels
from plenipot.negotiation.models import Draft, Instrument
from plenipot.negotiation.permissions import may_import_instrument


@require_safe
def draft_list(request: HttpRequest) -> HttpResponse:
    drafts = selectors.drafts_watchable(
        request.user, Draft.objects.select_related("body", "instrument")
    )
    return render(request, "negotiation/draft_list.html", {"drafts": drafts})


@require_safe
def draft_room(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.access_draft(request.user, pk)
    holds_pen = selectors.draft_may_edit(request.user, draft)
    may_edit = holds_pen and draft.closed_at is None
    room = {
        "snapshot": selectors.draft_snapshot(draft),
        "socket": f"/ws/drafts/{draft.pk}/",
        "pen": may_edit,
        "suggest": selectors.draft_may_suggest(request.user, draft),
        "suggestions": selectors.suggestions_pending(draft),
        "strings": {
            "bracket": str(_("Put the selected words in brackets")),
            "bracket_source": str(_("Delegation contesting them (for example EUR)")),
            "bracket_text": str(_("Its wording (empty: delete them)")),
            "select_first": str(_("Select the words to put in brackets first.")),
            "text_changed": str(
                _("Save your change to this text, or undo it, before bracketing part of it.")
            ),
            "add_after": str(_("Add a provision after this one")),
            "kind": str(_("Kind")),
            "depth": str(_("Level")),
            "new_text": str(_("Text of the new provision")),
            "sponsors": str(_("Proposed by (for example EUR, USA; empty: the pen)")),
            "kinds": {
                "preamble_heading": str(_("preamble heading")),
                "preamble_item": str(_("preamble item")),
                "operative_heading": str(_("operative heading")),
                "operative_item": str(_("operative item")),
                "annex": str(_("annex")),
                "annex_paragraph": str(_("annex paragraph")),
            },
            "delete": str(_("Delete this provision")),
            "editing": str(_("Editing")),
            # After "Alt+Shift +", in the toolbar: the letter shown on each button.
            "the_letter": str(_("the letter")),
            "toolbar": str(_("Edit the selected words")),
            "tb_bracket": str(_("Bracket")),
            "tb_choose": str(_("Choose wording")),
            "tb_footnote": str(_("Footnote")),
            "new_bracket": str(_("A new bracket:")),
            "agreed_text": str(_("Agreed text")),
            "bracket_n": str(_("Bracket %(n)s")),
            "wording_of": str(_("Wording of %(sources)s")),
            "empty_footnote": str(_("Write the footnote first.")),
            "set_status": str(_("Set status")),
            "structure": str(_("Structure")),
            "deleted": str(_("%(label)s deleted.")),
            "move_after": str(_("Move after")),
            "move": str(_("Move")),
            "whole": str(_("The whole provision")),
            "span": str(_("The selected words")),
            "in_bracket": str(_("The bracket")),
            "select_span": str(
                _("To suggest a wording for some words only, select them in the text above.")
            ),
            # A span suggestion reads «the words» replaced by the wording.
            "replaced_by": str(_("replaced by")),
            "public_watchers": str(_("%(n)s watching without signing in")),
            "empty_suggestion": str(_("Write the wording you suggest first.")),
            "suggest": str(_("Suggest a wording")),
            "send": str(_("Send")),
            "accept": str(_("Accept")),
            "decline": str(_("Decline")),
            "suggested": str(_("Your suggestion was sent to the pen.")),
            "snapshot_saved": str(_("Saved and issued as")),
            "live": str(_("Live")),
            "reconnecting": str(_("Reconnecting…")),
            "gone": str(_("You can no longer follow this draft live. Reload the page.")),
            "too_many": str(
                _("Too many live pages are open from here: close some, then reload this one.")
            ),
            "access_changed": str(
                _("What you may do in this room has changed: reload the page to see it.")
            ),
            "conflict": str(_("Your edit was refused: the provision changed since you began.")),
            "current": str(_("The provision now reads:")),
            "reload": str(_("Edit the current text")),
            "save": str(_("Save")),
            "footnote": str(_("Add a footnote")),
            "choose": str(_("Choose")),
            "agree": str(_("Remove brackets")),
            "undo": str(_("Undo")),
            "close": str(_("Close")),
            "status": str(_("Status")),
            "pen": str(_("pen")),
            "on": str(_("on")),
            "revision": str(_("Revision")),
            "no_text": str(_("(no text)")),
            "labels": {
                "number": str(pgettext_lazy("provision", "the number")),
                "title": str(pgettext_lazy("provision", "the title")),
                "formula": str(pgettext_lazy("provision", "the formula")),
                "heading": str(_("the heading %(words)s")),
                "annex_paragraph": str(_("%(annex)s, paragraph %(n)s")),
                "unknown": str(_("a provision not in this text")),
            },
            "statuses": {
                "open": str(_("open")),
                "bracketed": str(_("bracketed")),
                "agreed_ad_referendum": str(_("agreed ad referendum")),
                "agreed": str(_("agreed")),
            },
        },
    }
    meetings = selectors.draft_meetings(draft) if may_edit else []
    text = selectors.draft_text(draft)
    labels = ProvisionLabels.of(text.draft)
    rows = _provision_rows(room["snapshot"], labels, room["strings"]["statuses"])
    editing = request.GET.get("edit", "") if may_edit else ""
    deleted = request.GET.get("deleted", "")
    return render(
        request,
        "negotiation/draft_room.html",
        {
            "draft": draft,
            "room": room,
            "rows": rows,
            "editing": next((row for row in rows if row["eid"] == editing), None),
            "move_targets": [row for row in rows[2:]],
            "kinds": room["strings"]["kinds"],
            "statuses": room["strings"]["statuses"],
            "meeting_now": next((m.pk for m in meetings if m.now), ""),
            "deleted": int(deleted) if may_edit and deleted.isdigit() and 0 < int(deleted) <= draft.head else None,
            "may_edit": may_edit,
            "may_manage": holds_pen and draft.closed_at is None,
            "may_hand_over": draft.closed_at is None
            and draft.body.parent_id is not None
            and selectors.draft_may_hand_over(request.user, draft),
            "meetings": meetings,
        },
    )


def _provision_rows(snapshot: dict, labels: ProvisionLabels, statuses: dict) -> list[dict]:
    """The draft as the page draws it without its script: each provision's pieces, its
    number, label, status and footnotes, in reading order."""
    rows = []
    for eid in snapshot["order"]:
        p = snapshot["provisions"].get(eid)
        if p is None:
            continue
        pieces, brackets = [], 0
        for k, piece in enumerate(p["segments"]):
            if isinstance(piece, str):
                pieces.append({"k": k, "agreed": piece})
            else:
                brackets += 1
                pieces.append({"k": k, "alternatives": piece, "n": brackets})
        rows.append({
            "eid": eid,
            "kind": p["kind"],
            "depth": p["depth"],
            "status": p["status"],
            "status_name": statuses.get(p["status"], p["status"]),
            "before": rows[-1]["eid"] if rows else "",
            "sponsors": p["sponsors"],
            "footnotes": p["footnotes"],
            "number": snapshot["numbers"].get(eid, ""),
            "label": labels.html(eid),
            "label_text": labels.text(eid),
            "pieces": pieces,
            "has_agreed": any("agreed" in piece for piece in pieces),
            "has_brackets": any("alternatives" in piece for piece in pieces),
            "structural": p["kind"] not in ("number", "title", "formula"),
            "may_add_after": p["kind"] not in ("number", "title"),
        })  # fmt: skip
    return rows


def _form_int(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise Invalid(_("This form is incomplete: reload the page and try again.")) from None


def _form_operation(request: HttpRequest, draft: Draft, base: int) -> dict:
    """The operation a form of the editor asks for, as the page's script would send it.
    The words to bracket are named by the words themselves: without the script there is
    no selection to send."""
    do, _sep, args = request.POST.get("do", "").partition(":")
    eid = request.POST.get("eid", "")
    post = request.POST
    if do == "edit_text":
        return {"op": do, "eid": eid, "segment": _form_int(request, "segment"), "text": post.get("text", "")}
    if do == "edit_alternative":
        return {
            "op": do, "eid": eid, "segment": _form_int(request, "segment"),
            "alternative": _form_int(request, "alternative"), "text": post.get("text", ""),
        }  # fmt: skip
    if do == "choose_alternative":
        segment, _sep, alternative = args.partition(":")
        if not (segment.isdigit() and alternative.isdigit()):
            raise Invalid(_("Choose one of the wordings."))
        return {"op": do, "eid": eid, "segment": int(segment), "alternative": int(alternative)}
    if do == "bracket_span":
        # The first piece of agreed text, as the pen saw it, that holds the words.
        words = post.get("words", "")
        if not words.strip():
            raise Invalid(_("Write the words to put in brackets first."))
        try:
            pieces = selectors.revision_text(draft, base).provision(eid).segments
        except (Http404, drafting.DraftingError):
            pieces = ()
        found = [
            (k, piece.find(words))
            for k, piece in enumerate(pieces)
            if isinstance(piece, str) and words in piece
        ]
        if not found:
            raise Invalid(
                _("The words «%(words)s» are not in the agreed text of this provision.")
                % {"words": words[:200]}
            )
        segment, start = found[0]
        return {
            "op": do, "eid": eid, "segment": segment, "start": start, "end": start + len(words),
            "source": post.get("source", "").strip().upper(), "text": post.get("text", ""),
        }  # fmt: skip
    if do in ("remove_brackets", "delete_provision"):
        if do == "delete_provision" and not post.get("confirm"):
            raise Invalid(_("Tick the box to confirm that the provision is to be deleted."))
        return {"op": do, "eid": eid}
    if do == "add_footnote":
        return {"op": do, "eid": eid, "text": post.get("text", "")}
    if do == "set_status":
        return {"op": do, "eid": eid, "status": post.get("status", "")}
    if do == "move_provision":
        return {"op": do, "eid": eid, "after": post.get("after", "")}
    if do == "add_provision":
        sponsors = [name.upper() for name in re.split(r"[\s,;]+", post.get("sponsors", "")) if name]
        return {
            "op": do, "eid": f"{eid}_{secrets.token_hex(4)}", "after": eid,
            "kind": post.get("kind", ""), "depth": _form_int(request, "depth"),
            "text": post.get("text", ""), "sponsors": sponsors,
        }  # fmt: skip
    raise Invalid(_("This form asks for no change the editor knows."))


@require_POST
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One edit from the pen's editor without the page's script: the same action as
    the live socket's, then back to the provision (or, after a deletion, to an Undo)."""
    eid = request.POST.get("eid", "")
    room = reverse("draft-room", args=[pk])
    back = f"{room}?{urlencode({'edit': eid})}#p-{eid}"
    try:
        actor = actor_for(request.user)
        if not actor.signed_in:
            raise NotSignedIn(_("Sign in first."))
        draft = access_draft_for_actor(actor, pk)
        base = _form_int(request, "base")
        meeting = request.POST.get("meeting", "")
        operation = _form_operation(request, draft, base)
        revision = check_draft_apply(
            actor,
            draft_id=pk,
            data={
                "base": base,
                "op": operation,
                "meeting": int(meeting) if meeting.isdigit() else None,
            },
        )
    except (ActionError, ValidationError) as exc:
        return page_refusal(request, as_action_error(exc), back)
    messages.success(request, _("Saved as revision %(n)s.") % {"n": revision.number})
    if operation["op"] == "delete_provision":
        return redirect(f"{room}?{urlencode({'deleted': revision.number})}#undo-bar")
    if operation["op"] == "add_provision":
        eid = operation["eid"]
    return redirect(f"{room}?{urlencode({'edit': eid})}#p-{eid}")


@require_POST
def draft_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a revision from a form: a new revision, as from the live page."""
    room = reverse("draft-room", args=[pk])
    meeting = request.POST.get("meeting", "")
    try:
        revision = check_draft_undo(
            actor_for(request.user),
            draft_id=pk,
            data={
                "number": _form_int(request, "number"),
                "meeting": int(meeting) if meeting.isdigit() else None,
            },
        )
    except (ActionError, ValidationError) as exc:
        return page_refusal(request, as_action_error(exc), room)
    messages.success(request, _("Saved as revision %(n)s.") % {"n": revision.number})
    eids = revision.eids or []
    return redirect(f"{room}#p-{eids[0]}" if eids else room)


@require_safe
def draft_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every revision, and the difference between any two of them."""
    draft = selectors.access_draft(request.user, pk)

    def number(name: str, default: int) -> int:
        try:
            return min(max(int(request.GET.get(name, default)), 0), draft.head)
        except ValueError:
            return default

    old, new = number("from", max(draft.head - 1, 0)), number("to", draft.head)
    # One page of the list of revisions, the latest by default.
    upto = max(number("upto", draft.head), min(draft.head, selectors.HISTORY_PAGE))
    revisions = selectors.revision_page(draft, upto=upto)
    changes, labels = selectors.revision_changes(draft, old, new)
    statuses = {
        "open": _("open"),
        "bracketed": _("bracketed"),
        "agreed_ad_referendum": _("agreed ad referendum"),
        "agreed": _("agreed"),
    }
    for change in changes:
        change["status_names"] = [
            statuses.get(change["status_before"], "—"),
            statuses.get(change["status_after"], "—"),
        ]
    return render(
        request,
        "negotiation/draft_history.html",
        {
            "draft": draft,
            "revisions": revisions,
            "earlier": upto - selectors.HISTORY_PAGE if upto > selectors.HISTORY_PAGE else None,
            "later": min(upto + selectors.HISTORY_PAGE, draft.head) if upto < draft.head else None,
            "old": old,
            "new": new,
            "changes": changes,
            "labels": labels,
            "revision_labels": selectors.revision_labels(draft),
        },
    )


@require_POST
def draft_open(request: HttpRequest, code: str) -> HttpResponse:
    """Open a drafting room from the body's page: an instrument, and the delegations
    taking part (none ticked: all of them)."""
    conference = conference_current()
    back = reverse("body-detail", args=[code])
    if conference is None:
        return redirect(back)
    try:
        draft = check_draft_open(
            actor_for(request.user),
            conference=conference,
            body=code,
            instrument=request.POST.get("instrument", ""),
            delegations=request.POST.getlist("delegations"),
            title=request.POST.get("title", ""),
        )
    except (ActionError, ValidationError) as exc:
        return page_refusal(request, as_action_error(exc), back)
    messages.success(
        request,
        _("The drafting room on %(instrument)s is open.")
        % {"instrument": selectors.instrument_name(draft.instrument)},
    )
    return redirect("draft-room", pk=draft.pk)


@require_POST
def draft_close(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("draft-room", args=[pk])
    try:
        check_draft_close(actor_for(request.user), draft_id=pk)
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.detail)
        return redirect(back)
    except (ActionError, ValidationError) as exc:
        return page_refusal(request, as_action_error(exc), back)
    messages.success(request, _("The drafting room is closed."))
    return redirect(back)


@require_POST
def draft_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("draft-room", args=[pk])
    try:
        new = check_draft_hand_over(actor_for(request.user), draft_id=pk)
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.detail)
        return redirect(back)
    except (ActionError, ValidationError) as exc:
        return page_refusal(request, as_action_error(exc), back)
    messages.success(
        request, _("The text goes on in %(body)s.") % {"body": new.body.code}
    )
    return redirect("draft-room", pk=new.pk)


# --- the instruments and the import of a text in force -----------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def instrument_list(request: HttpRequest) -> HttpResponse:
    """The conference's instruments with their downloads; for the secretariat, the form
    that imports a text in force from a Word, Akoma Ntoso or plain-text file."""
    conference = conference_current()
    if conference is None:
        raise Http404(_("No conference has been set up yet."))
    form = {"kind": "", "number": "", "title": "", "replace": False}
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = {
            "kind": request.POST.get("kind", "")[:30],
            "number": request.POST.get("number", "")[:30],
            "title": request.POST.get("title", "")[:600],
            "replace": bool(request.POST.get("replace")),
        }
        upload = request.FILES.get("file")
        try:
            done = check_instrument_import(
                actor_for(request.user),
                conference=conference,
                filename=upload.name if upload is not None else "",
                # One byte over the cap is enough for the checks to refuse a file too large.
                data=upload.read(upload_limits().max_file_bytes + 1) if upload is not None else b"",
                **form,
            )
        except (Invalid, Conflict) as exc:
            errors.append(exc.detail)
            status = exc.status
        except ActionError as exc:
            return page_refusal(request, exc, reverse("instrument-list"))
        else:
            name = selectors.instrument_name(done.instrument)
            messages.success(
                request,
                (_("%(instrument)s is imported.") if done.created
                 else _("The text of %(instrument)s is replaced.")) % {"instrument": name},
            )  # fmt: skip
            return redirect(reverse("instrument-list") + f"#instrument-{done.instrument.pk}")
    return render(
        request,
        "negotiation/instrument_list.html",
        {
            "conference": conference,
            "instruments": selectors.instruments_readable(conference=conference, user=request.user),
            "may_import": may_import_instrument(actor_for(request.user)),
            "kinds": Instrument.Kind.choices,
            "form": form,
            "errors": errors,
        },
        status=status,
    )
