from collections.abc import Iterable, Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plenipot.conference.models import Conference, Language
from plenipot.core.widgets import DayInput
from plenipot.engine.labels import text_direction
from plenipot.formats.safety import FormatError, check_text
from plenipot.planning.models import Room

# --- names in the conference's other languages ------------------------------------------
#
# A conference's, body's or room's name is given in English and may be given in the
# conference's other languages beside it ({"fr": "Salle Gorée"}). The set-up pages and the
# room pages edit them with `NamesField`; every transport checks them with `names_checked`.

#: The language of the given names, which the others fall back on.
GIVEN_LANGUAGE = Language.ENGLISH


def other_languages(conference: Conference) -> tuple[str, ...]:
    """The conference's languages a name may be given in beside the given (English) one."""
    return tuple(code for code in conference.language_codes if code != GIVEN_LANGUAGE)


def names_checked(
    value: Mapping[str, str] | None, *, languages: Iterable[str], limit: int
) -> dict[str, str]:
    """Names by language code, checked: each code one of `languages`, each text without
    control characters and at most `limit` characters; a text that is empty or only
    spaces is dropped (the given name stands). A ``ValidationError`` says what is wrong."""
    languages = tuple(languages)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(gettext("Give a name for each language code."))
    names: dict[str, str] = {}
    for code, text in value.items():
        if code not in languages:
            raise ValidationError(
                gettext("%(code)s is not one of the conference's other languages (%(known)s).")
                % {"code": code, "known": ", ".join(languages) or "—"}
            )
        language = str(Language(code).label)
        if not isinstance(text, str):
            raise ValidationError(gettext("%(language)s: give text.") % {"language": language})
        text = text.strip()
        if len(text) > limit:
            raise ValidationError(
                gettext("%(language)s: at most %(limit)d characters, please.")
                % {"language": language, "limit": limit}
            )
        try:
            check_text(text, language)
        except FormatError as exc:
            raise ValidationError(str(exc)) from None
        if text:
            names[code] = text
    return names


class NamesWidget(forms.MultiWidget):
    """One text field per language, each marked with its language and direction, under
    the field's label as a legend."""

    template_name = "planning/names_widget.html"
    use_fieldset = True

    def __init__(self, languages: Iterable[str], limit: int) -> None:
        self.languages = tuple(languages)
        super().__init__(
            {
                code: forms.TextInput(
                    attrs={"lang": code, "dir": text_direction("", code), "maxlength": limit}
                )
                for code in self.languages
            }
        )

    def decompress(self, value) -> list[str]:
        value = value if isinstance(value, Mapping) else {}
        return [value.get(code, "") for code in self.languages]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for code, widget in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            widget["language"] = Language(code).label
        return context


class NamesField(forms.MultiValueField):
    """A name in the conference's other languages: {language code: text}, without the
    empty ones. What the text may hold is checked by `names_checked`."""

    def __init__(self, *, languages: Iterable[str], limit: int, **kwargs) -> None:
        self.languages = tuple(languages)
        kwargs.setdefault("help_text", _("Empty: the given name is shown."))
        super().__init__(
            fields=[forms.CharField(required=False) for _code in self.languages],
            widget=NamesWidget(self.languages, limit),
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, data_list) -> dict[str, str]:
        # An empty list when every field is empty.
        pairs = zip(self.languages, data_list, strict=False)
        return {code: text for code, text in pairs if text}


class PlanningForm(forms.Form):
    first_day = forms.DateField(
        label=_("First day"), widget=DayInput()
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=31, initial=5)
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"), min_value=1, max_value=600, initial=30
    )


_NAME_LIMIT = Room._meta.get_field("name").max_length


class RoomForm(forms.ModelForm):
    """A room of the venue; the name is unique within the conference. Its name in the
    conference's other languages is shown to their readers; the planner keeps `name`."""

    class Meta:
        model = Room
        fields = ["name", "names", "capacity", "interpretation", "position"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["names"] = NamesField(
            languages=other_languages(self.instance.conference),
            limit=_NAME_LIMIT,
            label=_("Name in other languages"),
        )

    def clean_names(self) -> dict[str, str] | None:
        names = names_checked(
            self.cleaned_data.get("names"),
            languages=self.fields["names"].languages,
            limit=_NAME_LIMIT,
        )
        return names or None

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
