from django import forms
from django.utils.translation import gettext_lazy as _


class PlanningForm(forms.Form):
    first_day = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=31, initial=5)
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"), min_value=1, max_value=600, initial=30
    )
