"""The chair's decision form on a meeting's page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plenipot.conference.models import Body, Delegation
from plenipot.core.widgets import DayInput
from plenipot.tracker.models import Decision, StageChoice, Statement

STATEMENT_ROWS = 3


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Decision.Outcome.choices)
    text = forms.CharField(
        label=_("Words of the decision"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    move_to = forms.ChoiceField(
        label=_("Move the text to"), required=False, choices=[("", "—"), *StageChoice.choices]
    )
    referred_to = forms.ModelChoiceField(
        label=_("Refer to an existing group"),
        required=False,
        queryset=Body.objects.none(),
        to_field_name="code",
    )
    group_code = forms.CharField(label=_("…or create a group: code"), required=False, max_length=40)
    group_name = forms.CharField(label=_("name"), required=False, max_length=200)
    group_mandate = forms.CharField(label=_("mandate"), required=False, max_length=4000)
    group_deadline = forms.DateField(
        label=_("deadline to report"),
        required=False,
        widget=DayInput(),
    )

    votes = forms.CharField(
        label=_("Votes, one delegation a line: ISO code and yes, no or abstain"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "FRA yes\nSEN abstain"}),
    )

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_to"].queryset = body.children.filter(status=Body.Status.ACTIVE)
        delegations = Delegation.objects.filter(conference_id=body.conference_id).select_related(
            "organisation"
        )
        choices = [("", "—")] + [(d.pk, d.organisation.local_name()) for d in delegations]
        for n in range(STATEMENT_ROWS):
            self.fields[f"delegation_{n}"] = forms.TypedChoiceField(
                label=_("Delegation"), required=False, choices=choices, coerce=int, empty_value=None
            )
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=_("Kind"), required=False, choices=Statement.Kind.choices
            )
            self.fields[f"statement_{n}"] = forms.CharField(
                label=_("Statement"), required=False, max_length=2000
            )
        self.delegations = {d.pk: d for d in delegations}

    def statements(self) -> list[tuple[Delegation, str, str]]:
        rows = []
        for n in range(STATEMENT_ROWS):
            pk = self.cleaned_data.get(f"delegation_{n}")
            if pk:
                rows.append(
                    (
                        self.delegations[pk],
                        self.cleaned_data[f"kind_{n}"],
                        self.cleaned_data[f"statement_{n}"],
                    )
                )
        return rows

    def clean_votes(self) -> dict[Delegation, str]:
        by_code = {d.organisation.iso3: d for d in self.delegations.values() if d.organisation.iso3}
        votes: dict[Delegation, str] = {}
        for number, line in enumerate(self.cleaned_data.get("votes", "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) != 2 or parts[1].lower() not in ("yes", "no", "abstain"):
                raise forms.ValidationError(
                    _("Line %(n)s: write an ISO code and yes, no or abstain.") % {"n": number}
                )
            delegation = by_code.get(parts[0].upper())
            if delegation is None:
                raise forms.ValidationError(
                    _("Line %(n)s: no delegation %(code)s.") % {"n": number, "code": parts[0]}
                )
            votes[delegation] = parts[1].lower()
        return votes

    def referral(self) -> dict | None:
        if not self.cleaned_data.get("group_code"):
            return None
        return {
            "code": self.cleaned_data["group_code"],
            "name": self.cleaned_data["group_name"],
            "mandate": self.cleaned_data["group_mandate"],
            "deadline": self.cleaned_data.get("group_deadline"),
        }

    def main_fields(self):
        names = (
            "outcome",
            "text",
            "move_to",
            "referred_to",
            "group_code",
            "group_name",
            "group_mandate",
            "group_deadline",
            "votes",
        )
        return [self[name] for name in names]

    def statement_rows(self):
        return [
            (self[f"delegation_{n}"], self[f"kind_{n}"], self[f"statement_{n}"])
            for n in range(STATEMENT_ROWS)
        ]
