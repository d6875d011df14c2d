"""The set-up pages' forms. They read what the browser sends (dates, choices); what the
values mean for the conference is checked by the actions, the same for the API."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plenipot.accounts.models import Role
from plenipot.conference.models import Body, Delegation, Language, Person
from plenipot.core.widgets import DayInput
from plenipot.planning.forms import NamesField


def _add_names(form: forms.Form, languages, fields: dict[str, tuple[str, str, int]]) -> None:
    """Beside a given name, a field for it in each of the conference's other `languages`:
    `fields` maps each new field to (the given name's field, label, longest text)."""
    if not languages:
        return
    after = {}
    for name, (given, label, limit) in fields.items():
        form.fields[name] = NamesField(languages=languages, limit=limit, label=label)
        after[given] = name
    order = []
    for name in form.fields:
        if name not in fields:
            order += [name, after[name]] if name in after else [name]
    form.order_fields(order)


def _optional(choices) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


class ConferenceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(
        label=_("Short name"), max_length=30, help_text=_("As in addresses: PP-26, RPM-27.")
    )
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.CharField(label=_("Country"), max_length=100)
    start = forms.DateField(label=_("First day"), widget=DayInput())
    end = forms.DateField(label=_("Last day"), widget=DayInput())
    languages = forms.MultipleChoiceField(
        label=_("Official languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A language the conference's documents are written in cannot be dropped."),
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        required=False,
        help_text=_('Where the conference meets, for example "Africa/Dakar"; empty: the site\'s.'),
    )
    submission_deadline = forms.DateTimeField(
        label=_("Submission deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In the conference's time zone; empty: 28 days before the first day."),
    )
    today = forms.DateField(
        label=_("Conference clock"),
        required=False,
        widget=DayInput(),
        help_text=_("The day the site takes as today, for a rehearsal; empty: the real date."),
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        _add_names(
            self,
            languages,
            {
                "names": ("name", _("Name in other languages"), 200),
                "city_names": ("city", _("City in other languages"), 100),
                "country_names": ("country", _("Country in other languages"), 100),
            },
        )


class BodyForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("PL, COM5, COM5-AHG-130."))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Body.Kind.choices)
    parent = forms.ChoiceField(label=_("Parent body"), required=False)
    openness = forms.ChoiceField(
        label=_("Openness"), choices=Body.Openness.choices, initial=Body.Openness.DELEGATIONS
    )
    mandate = forms.CharField(
        label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(
        label=_("Deadline to report"), required=False, widget=DayInput()
    )

    def __init__(self, *args, bodies=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = _optional(
            (body.code, str(body)) for body in bodies
        )
        _add_names(self, languages, {"names": ("name", _("Name in other languages"), 200)})


def _person_label(person: Person) -> str:
    return f"{person.full_name} ({person.delegation.organisation})"


class PresidingForm(forms.Form):
    chair = forms.ChoiceField(label=_("Chair"), required=False)
    vice_chairs = forms.MultipleChoiceField(
        label=_("Vice-chairs"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(person.pk), _person_label(person)) for person in people]
        self.fields["chair"].choices = _optional(choices)
        self.fields["vice_chairs"].choices = choices


class BodyStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Body.Status.choices)


class DelegationForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("Member State or regional organisation"),
        help_text=_("Its credentials start pending."),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = _optional(
            (o.iso3 or o.symbol, f"{o} ({o.iso3 or o.symbol})") for o in organisations
        )


class CredentialsForm(forms.Form):
    credentials_status = forms.ChoiceField(
        label=_("Credentials"), choices=Delegation.Credentials.choices
    )


class PersonForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    delegation_role = forms.ChoiceField(
        label=_("Role in the delegation"),
        choices=Person.DelegationRole.choices,
        initial=Person.DelegationRole.DELEGATE,
    )


class _AccountFields(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    delegation = forms.ChoiceField(label=_("Delegation"), required=False)
    delegation_role = forms.ChoiceField(
        label=_("Role in the delegation"),
        required=False,
        choices=_optional(Person.DelegationRole.choices),
        help_text=_("Delegate when left empty."),
    )

    def __init__(self, *args, delegations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].choices = _optional((key, label) for key, label in delegations)


class AccountForm(_AccountFields):
    username = forms.CharField(label=_("User name"), max_length=150)
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    body = forms.ChoiceField(
        label=_("Body chaired"),
        required=False,
        help_text=_("The account's person becomes its chair; it must be in a delegation."),
    )
    field_order = [
        "username", "email", "given_name", "family_name", "role", "delegation",
        "delegation_role", "body",
    ]  # fmt: skip

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = _optional(
            (body.code, str(body)) for body in bodies
        )


class AccountChangeForm(_AccountFields):
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An account that is not active cannot sign in; what it did stays."),
    )
