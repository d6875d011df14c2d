"""The secretariat's set-up pages: the conference, its bodies and their chairs, the
delegations and their credentials, and the accounts. Every change is one action of
`setup.actions`; a refused value comes back on the form, beside its field."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plenipot.accounts.roles import actor_for
from plenipot.conference import clock
from plenipot.conference import selectors as conference_selectors
from plenipot.conference.models import Body, Delegation
from plenipot.core.errors import ActionError, Invalid
from plenipot.core.pages import page_refusal
from plenipot.documents.models import SubmissionDeadline
from plenipot.documents.selectors import submission_deadline
from plenipot.planning.forms import other_languages
from plenipot.planning.models import Room
from plenipot.setup import actions, selectors
from plenipot.setup.forms import (
    AccountChangeForm,
    AccountForm,
    BodyForm,
    BodyStatusForm,
    ConferenceForm,
    CredentialsForm,
    DelegationForm,
    PersonForm,
    PresidingForm,
)

METHODS = ["GET", "HEAD", "POST"]


def setup_page(view: Callable) -> Callable:
    """Open to the secretariat only: anonymous → sign in; anyone else → 403 with the
    reason. The view receives the actor and the conference."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        actor = actor_for(request.user)
        try:
            conference = actions.setup_conference(actor)
            return view(request, actor, conference, *args, **kwargs)
        except ActionError as exc:
            return page_refusal(request, exc, reverse("setup-home"))

    return require_http_methods(METHODS)(wrapped)


def _attempt(form, call: Callable):
    """Run an action for a valid form; a refused value goes on the form, beside its
    field (or above the form). Other refusals go up to `setup_page`."""
    try:
        return call()
    except Invalid as exc:
        field = exc.extra.get("field")
        form.add_error(
            field if field in form.fields else None, exc.extra.get("message", exc.detail)
        )
        return None


def _render(request, template: str, context: dict, forms=()) -> HttpResponse:
    status = 400 if any(form.is_bound and form.errors for form in forms) else 200
    return render(request, f"setup/{template}", context, status=status)


def _posted(request: HttpRequest, name: str):
    """The POST data when the form named `name` was sent, else None."""
    if request.method == "POST" and request.POST.get("form") == name:
        return request.POST
    return None


# --- the conference ---------------------------------------------------------------------


@setup_page
def home(request: HttpRequest, actor, conference) -> HttpResponse:
    deadline_row = SubmissionDeadline.objects.filter(conference=conference).first()
    zone = clock.zone_of(conference)
    initial = {
        "name": conference.name,
        "names": conference.names,
        "short_name": conference.short_name,
        "city": conference.city,
        "city_names": conference.city_names,
        "country": conference.country,
        "country_names": conference.country_names,
        "start": conference.start,
        "end": conference.end,
        "languages": list(conference.language_codes),
        "time_zone": conference.time_zone or "",
        "today": conference.today,
        "submission_deadline": deadline_row.closes_at.astimezone(zone).replace(tzinfo=None)
        if deadline_row
        else None,
    }
    form = ConferenceForm(
        _posted(request, "conference"), initial=initial, languages=other_languages(conference)
    )
    if form.is_bound and form.is_valid():
        values = dict(form.cleaned_data)
        if values["submission_deadline"] is not None:
            # The form reads the moment in the site's time zone; it was typed as the time
            # where the conference meets, which the action applies.
            values["submission_deadline"] = timezone.make_naive(values["submission_deadline"])
        done = _attempt(
            form, lambda: actions.check_conference_change(actor, conference=conference, **values)
        )
        if done is not None:
            messages.success(request, _("The conference is saved."))
            return redirect("setup-home")
    return _render(
        request,
        "home.html",
        {
            "conference": conference,
            "form": form,
            "deadline": submission_deadline(conference=conference),
            "zone": zone,
            "counts": {
                "bodies": conference.bodies.count(),
                "delegations": conference.delegations.count(),
                "pending": conference.delegations.filter(
                    credentials_status=Delegation.Credentials.PENDING
                ).count(),
                "rooms": Room.objects.filter(conference=conference).count(),
            },
        },
        [form],
    )


# --- bodies -----------------------------------------------------------------------------


@setup_page
def bodies(request: HttpRequest, actor, conference) -> HttpResponse:
    every = list(conference_selectors.body_list(conference=conference))
    form = BodyForm(_posted(request, "body"), bodies=every, languages=other_languages(conference))
    if form.is_bound and form.is_valid():
        body = _attempt(
            form,
            lambda: actions.check_body_create(actor, conference=conference, **form.cleaned_data),
        )
        if body is not None:
            messages.success(request, _("Body %(code)s created.") % {"code": body.code})
            return redirect("setup-body", body.code)
    roots = conference_selectors.body_tree(conference=conference)
    return _render(
        request, "bodies.html", {"conference": conference, "roots": roots, "form": form}, [form]
    )


@setup_page
def body(request: HttpRequest, actor, conference, code: str) -> HttpResponse:
    found = actions.body_get(conference, code)
    every = [b for b in conference_selectors.body_list(conference=conference) if b.pk != found.pk]
    people = list(selectors.delegation_people(conference=conference))
    form = BodyForm(
        _posted(request, "body"),
        bodies=every,
        languages=other_languages(conference),
        initial={
            "code": found.code,
            "name": found.name,
            "names": found.names,
            "kind": found.kind,
            "parent": found.parent.code if found.parent else "",
            "openness": found.openness,
            "mandate": found.mandate,
            "deadline": found.deadline,
        },
    )
    presiding = PresidingForm(
        _posted(request, "presiding"),
        people=people,
        initial={
            "chair": str(found.chair_id or ""),
            "vice_chairs": [str(p.pk) for p in found.vice_chairs.all()],
        },
    )
    status = BodyStatusForm(_posted(request, "status"), initial={"status": found.status})
    if form.is_bound and form.is_valid():
        changed = _attempt(
            form,
            lambda: actions.check_body_change(
                actor, conference=conference, body_code=found.code, **form.cleaned_data
            ),
        )
        if changed is not None:
            messages.success(request, _("Body %(code)s saved.") % {"code": changed.code})
            return redirect("setup-body", changed.code)
    if presiding.is_bound and presiding.is_valid():
        chair = presiding.cleaned_data["chair"]
        changed = _attempt(
            presiding,
            lambda: actions.check_body_presiding(
                actor,
                conference=conference,
                body_code=found.code,
                chair=int(chair) if chair else None,
                vice_chairs=[int(pk) for pk in presiding.cleaned_data["vice_chairs"]],
            ),
        )
        if changed is not None:
            messages.success(request, _("The chairs of %(code)s are saved.") % {"code": found.code})
            return redirect("setup-body", found.code)
    if status.is_bound and status.is_valid():
        changed = _attempt(
            status,
            lambda: actions.check_body_status(
                actor, conference=conference, body_code=found.code, **status.cleaned_data
            ),
        )
        if changed is not None:
            messages.success(
                request,
                _("%(code)s is now: %(status)s.")
                % {"code": found.code, "status": changed.get_status_display()},
            )
            return redirect("setup-body", found.code)
    return _render(
        request,
        "body.html",
        {
            "conference": conference,
            "body": found,
            "form": form,
            "presiding": presiding,
            "status": status,
            "children": found.children.filter(status=Body.Status.ACTIVE).count(),
        },
        [form, presiding, status],
    )


# --- delegations ------------------------------------------------------------------------


@setup_page
def delegations(request: HttpRequest, actor, conference) -> HttpResponse:
    form = DelegationForm(
        _posted(request, "delegation"),
        organisations=selectors.organisations_without_delegation(conference=conference),
    )
    if form.is_bound and form.is_valid():
        added = _attempt(
            form,
            lambda: actions.check_delegation_add(
                actor, conference=conference, organisation=form.cleaned_data["organisation"]
            ),
        )
        if added is not None:
            messages.success(
                request, _("A delegation of %(name)s is added.") % {"name": added.organisation}
            )
            return redirect("setup-delegation", actions.delegation_key(added))
    rows = [
        (delegation, actions.delegation_key(delegation))
        for delegation in conference_selectors.delegation_list(conference=conference)
    ]
    return _render(
        request,
        "delegations.html",
        {
            "conference": conference,
            "rows": rows,
            "form": form,
            "credentials": Delegation.Credentials.choices,
        },
        [form],
    )


@setup_page
def delegation(request: HttpRequest, actor, conference, key: str) -> HttpResponse:
    found = actions.delegation_get(conference, key)
    credentials = CredentialsForm(
        _posted(request, "credentials"), initial={"credentials_status": found.credentials_status}
    )
    person = PersonForm(_posted(request, "person"))
    back = reverse("setup-delegation", args=[key])
    if credentials.is_bound and credentials.is_valid():
        done = _attempt(
            credentials,
            lambda: actions.check_credentials_record(
                actor,
                conference=conference,
                delegation=key,
                status=credentials.cleaned_data["credentials_status"],
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("Credentials of %(name)s: %(status)s.")
                % {"name": found.organisation, "status": done.get_credentials_status_display()},
            )
            if request.POST.get("next") == "list":
                return redirect(reverse("setup-delegations") + f"#delegation-{key}")
            return redirect(back)
    if person.is_bound and person.is_valid():
        added = _attempt(
            person,
            lambda: actions.check_person_add(
                actor, conference=conference, delegation=key, **person.cleaned_data
            ),
        )
        if added is not None:
            messages.success(request, _("%(person)s is added.") % {"person": added})
            return redirect(back)
    return _render(
        request,
        "delegation.html",
        {
            "conference": conference,
            "delegation": found,
            "key": key,
            "members": conference_selectors.delegation_members(delegation=found),
            "credentials": credentials,
            "person": person,
        },
        [credentials, person],
    )


# --- accounts ---------------------------------------------------------------------------


@setup_page
def accounts(request: HttpRequest, actor, conference) -> HttpResponse:
    form = AccountForm(
        _posted(request, "account"),
        delegations=selectors.delegation_choices(conference=conference),
        bodies=conference_selectors.body_list(conference=conference),
    )
    created = None
    if form.is_bound and form.is_valid():
        created = _attempt(
            form,
            lambda: actions.check_account_create(
                actor,
                conference=conference,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            ),
        )
        if created is not None:
            form = AccountForm(
                delegations=selectors.delegation_choices(conference=conference),
                bodies=conference_selectors.body_list(conference=conference),
            )
    response = _render(
        request,
        "accounts.html",
        {
            "conference": conference,
            "accounts": selectors.account_list(conference=conference),
            "form": form,
            "created": created,
        },
        [form],
    )
    if created is not None:
        # The link is shown once: never kept by a cache or the browser's history.
        response["Cache-Control"] = "no-store"
    return response


@setup_page
def account(request: HttpRequest, actor, conference, username: str) -> HttpResponse:
    user = actions.account_get(conference, username)
    person = getattr(user, "person", None)
    delegation = person.delegation if person and person.delegation_id else None
    form = AccountChangeForm(
        _posted(request, "account"),
        delegations=selectors.delegation_choices(conference=conference),
        initial={
            "email": user.email,
            "role": user.role,
            "delegation": actions.delegation_key(delegation) if delegation else "",
            "delegation_role": person.delegation_role if person else "",
            "active": user.is_active,
        },
    )
    if form.is_bound and form.is_valid():
        done = _attempt(
            form,
            lambda: actions.check_account_change(
                actor, conference=conference, username=user.username, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Account %(user)s saved.") % {"user": user.username})
            return redirect("setup-accounts")
    return _render(
        request,
        "account.html",
        {"conference": conference, "account": user, "person": person, "form": form},
        [form],
    )
