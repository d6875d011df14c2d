"""Drafting-room pages: the list of drafts a user may watch, and the room itself."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plenipot.accounts.roles import actor_for
from plenipot.conference.selectors import conference_current
from plenipot.core.errors import ActionError, Conflict, Invalid
from plenipot.core.pages import page_refusal
from plenipot.documents.files import upload_limits
from plenipot.negotiation import selectors
from plenipot.negotiation.actions import (
    check_draft_close,
    check_draft_hand_over,
    check_draft_open,
    check_instrument_import,
)
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
    return render(
        request,
        "negotiation/draft_room.html",
        {
            "draft": draft,
            "room": room,
            "may_edit": may_edit,
            "may_manage": holds_pen and draft.closed_at is None,
            "may_hand_over": draft.closed_at is None
            and draft.body.parent_id is not None
            and selectors.draft_may_hand_over(request.user, draft),
            "meetings": selectors.draft_meetings(draft) if may_edit else [],
        },
    )


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
    except ActionError as exc:
        return page_refusal(request, exc, back)
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
    except ActionError as exc:
        return page_refusal(request, exc, back)
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
    except ActionError as exc:
        return page_refusal(request, exc, back)
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
