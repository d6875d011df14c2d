"""Pages for signed-in users: following bodies and instruments, and the secretariat's
page of the conference's access decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plenipot.accounts import services
from plenipot.accounts.access import body_watchable
from plenipot.accounts.models import AccessDecisions, ApiToken, AuditEntry, Follow
from plenipot.accounts.roles import actor_for, reader_for
from plenipot.conference.models import Body
from plenipot.core.errors import ActionError
from plenipot.core.pages import page_refusal
from plenipot.documents.models import Document
from plenipot.engine import access as policy
from plenipot.negotiation.selectors import instrument_list
from plenipot.portal.actions import FOLLOWABLE, check_follow_set
from plenipot.portal.views import _conference


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_POST
def follow(request: HttpRequest, what: str, key: str) -> HttpResponse:
    following = request.POST.get("follow", "1") == "1"
    if what not in FOLLOWABLE:
        raise Http404(what)
    try:
        check_follow_set(
            actor_for(request.user),
            conference=_conference(),
            what=what,
            key=key,
            following=following,
        )
    except ActionError as exc:
        return page_refusal(request, exc, _back(request, "follows"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if following:
            messages.success(request, _("You follow it now; a daily digest will come by e-mail."))
        else:
            messages.success(request, _("You no longer follow it."))
    return redirect(_back(request, "follows"))


@login_required
@require_safe
def follows(request: HttpRequest) -> HttpResponse:
    conference = _conference()
    rows = Follow.objects.filter(user=request.user).select_related("body", "instrument")
    return render(
        request,
        "portal/follows.html",
        {
            "conference": conference,
            "follows": list(rows),
            "bodies": [b for b in Body.objects.filter(conference=conference).order_by(
                "position", "code") if body_watchable(request.user, b)],
            "instruments": instrument_list(conference=conference),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def secretariat_access(request: HttpRequest) -> HttpResponse:
    """The conference's decisions on what the public reads, and their audit trail."""
    if reader_for(request.user).role != policy.SECRETARIAT:
        raise Http404("page")
    conference = _conference()
    if request.method == "POST":
        kinds = [kind for kind in request.POST.getlist("public_kinds") if kind in policy.KINDS]
        services.access_decisions_set(
            actor=request.user,
            conference=conference,
            public_kinds=kinds,
            source_may_publish=request.POST.get("source_may_publish") == "on",
        )
        messages.success(request, _("The access decisions are saved and the change is logged."))
        return redirect("secretariat-access")
    decisions = AccessDecisions.objects.filter(conference=conference).first()
    context = {
        "conference": conference,
        "kinds": Document.Kind.choices,
        "public_kinds": set(decisions.public_kinds if decisions else []),
        "source_may_publish": decisions.source_may_publish if decisions else True,
        "entries": AuditEntry.objects.filter(conference=conference)
        .exclude(action=AuditEntry.Action.RESTRICTED_READ)
        .select_related("user", "document")[:100],
        "reads": AuditEntry.objects.filter(
            conference=conference, action=AuditEntry.Action.RESTRICTED_READ
        )
        .select_related("user", "document")[:100],
    }
    return render(request, "portal/secretariat_access.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """A user's API tokens: create one (shown once) or revoke them all."""
    created = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.token_revoke_all(user=request.user)
            messages.success(request, _("Your API tokens are revoked."))
            return redirect("api-tokens")
        created = services.token_create(user=request.user)
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")[:50]
    response = render(
        request,
        "portal/api_tokens.html",
        {"conference": _conference(), "tokens": tokens, "created": created},
    )
    response["Cache-Control"] = "no-store"
    return response
