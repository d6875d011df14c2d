"""Forms to schedule a meeting by hand and to set its agenda."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plenipot.conference.models import Body
from plenipot.core.widgets import DayInput


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.none(), to_field_name="code"
    )
    day = forms.DateField(label=_("Day"), widget=DayInput())
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    webcast_url = forms.URLField(label=_("Webcast link"), required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_current_timezone()
        day = self.cleaned_data["day"]
        return (
            datetime.datetime.combine(day, self.cleaned_data["start"], tzinfo=zone),
            datetime.datetime.combine(day, self.cleaned_data["end"], tzinfo=zone),
        )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    document = forms.CharField(
        label=_("Document"),
        max_length=60,
        required=False,
        help_text=_('A symbol, for example "Addendum 1 to Document 27" or "DT/5".'),
    )
    instrument = forms.CharField(
        label=_("Resolution"), max_length=20, required=False, help_text=_('For example "101".')
    )
