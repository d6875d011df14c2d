"""A resolution in force with an agreed French version, and a revision of it to translate."""

from __future__ import annotations

import pytest

IN_FORCE = """Resolution 179 (Guadalajara, 2010)
ITU's role in child online protection

The Plenipotentiary Conference of the International Telecommunication Union (Guadalajara, 2010),

considering
a) that children make up a large and growing share of Internet users,

resolves
1 to continue the Child Online Protection initiative as a platform for raising awareness;
2 to report to the Council on the results of the initiative,

invites Member States
1 to support the Child Online Protection initiative.
"""

IN_FORCE_FR = """Résolution 179 (Guadalajara, 2010)
Rôle de l'UIT dans la protection en ligne des enfants

La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Guadalajara, 2010),

considérant
a) que les enfants représentent une part importante et croissante des internautes,

décide
1 de poursuivre l'initiative pour la protection en ligne des enfants en tant que plate-forme de sensibilisation;
2 de faire rapport au Conseil sur les résultats de l'initiative,

invite les États Membres
1 à appuyer l'initiative pour la protection en ligne des enfants.
"""

REVISED = """Resolution 179 (Rev. Busan, 2014)
ITU's role in child online protection

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that children make up a large and growing share of Internet users,

resolves
1 to continue the Child Online Protection initiative as a platform for raising awareness;
2 to report every year to the Council on the results of the initiative,

invites Member States
1 to support the Child Online Protection initiative.
"""


@pytest.fixture(autouse=True)
def fresh_memories():
    """Test databases reuse row ids, so memories cached by an earlier test are dropped."""
    from plenipot.translation import selectors

    selectors._MEMORIES.clear()
    yield
    selectors._MEMORIES.clear()


@pytest.fixture
def revised():
    return REVISED


@pytest.fixture
def instrument(conference):
    from plenipot.negotiation.models import Instrument

    return Instrument.objects.create(
        conference=conference, number="179", title="ITU's role in child online protection", text=IN_FORCE
    )


@pytest.fixture
def glossary(conference):
    from plenipot.translation.services import glossary_term_create

    return [
        glossary_term_create(conference=conference, forms={"en": ["Member States"], "fr": ["États Membres"]}),
        glossary_term_create(conference=conference, forms={"en": ["Council"], "fr": ["Conseil"]}),
    ]


@pytest.fixture
def agreed(conference, instrument, glossary):
    """The resolution in force with its French version final and in the memory."""
    from plenipot.engine.crosscheck import align
    from plenipot.engine.instrument import parse_instrument
    from plenipot.translation.services import (
        expression_fill,
        memory_add_expression,
        source_text_create,
    )

    source = source_text_create(conference=conference, instrument=instrument, text=IN_FORCE)
    texts, failures = align(parse_instrument(IN_FORCE), parse_instrument(IN_FORCE_FR), language="fr")
    assert failures == []
    french = source.expressions.get(language="fr")
    expression_fill(expression=french, texts=texts, status="final", origin="in_force")
    memory_add_expression(expression=french)
    return source


@pytest.fixture
def dt(conference, instrument, agreed):
    """DT/3: the revised resolution, waiting for translation."""
    import datetime

    from plenipot.documents.models import Document
    from plenipot.translation.services import source_text_create

    document = Document.objects.create(
        conference=conference, number="DT/3", kind="temporary", title="Draft revision of Resolution 179",
        date=datetime.date(2014, 10, 28),
    )
    return source_text_create(conference=conference, document=document, text=REVISED, in_force=instrument)


@pytest.fixture
def translator(db):
    from plenipot.accounts.services import user_create

    return user_create(username="tr-fr", password=None, role="translator")


@pytest.fixture
def delegate(db):
    from plenipot.accounts.services import user_create

    return user_create(username="del", password=None, role="delegate")
