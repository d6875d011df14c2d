from django import forms
from django.utils.translation import gettext_lazy as _

from plenipot.planning.models import Room


class PlanningForm(forms.Form):
    first_day = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=31, initial=5)
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"), min_value=1, max_value=600, initial=30
    )


class RoomForm(forms.ModelForm):
    """A room of the venue; the name is unique within the conference."""

    class Meta:
        model = Room
        fields = ["name", "capacity", "interpretation", "position"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the room a name."))
        others = Room.objects.filter(conference=self.instance.conference, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("There is already a room called %(name)s.") % {"name": name}
            )
        return name
