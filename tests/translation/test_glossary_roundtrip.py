"""Property: any glossary the checks accept goes out as CSV and comes back the same."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")

# Words from the scripts of the six languages, with quotes, commas and spaces inside.
word = st.text(
    alphabet=st.sampled_from(list("abcXYZéçñ ,\"'«»()Жжыابتثج中文国") + ["؛", "、"]),
    min_size=1,
    max_size=12,
).map(lambda text: " ".join(text.split())).filter(lambda text: text and text[0] not in "=+-@")
forms = st.lists(word, min_size=1, max_size=3, unique_by=str.casefold)
term = st.fixed_dictionaries({code: forms for code in LANGUAGES})


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(terms=st.lists(term, min_size=1, max_size=5, unique_by=lambda t: t["en"][0].casefold()))
def test_export_then_import_gives_the_same_glossary(conference, terms):
    from plenipot.translation.models import GlossaryTerm
    from plenipot.translation.selectors import glossary_csv
    from plenipot.translation.services import glossary_forms_clean, glossary_import

    GlossaryTerm.objects.all().delete()
    rows = [GlossaryTerm(conference=conference, forms=glossary_forms_clean(t)) for t in terms]
    data = glossary_csv(rows).encode("utf-8")
    result = glossary_import(conference=conference, data=data)
    assert (result.created, result.updated) == (len(terms), 0)
    stored = sorted(
        (term.forms for term in GlossaryTerm.objects.filter(conference=conference)),
        key=lambda forms: forms["en"][0],
    )
    assert stored == sorted((row.forms for row in rows), key=lambda forms: forms["en"][0])
