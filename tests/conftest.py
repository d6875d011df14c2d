"""Shared fixtures: a small conference built with the services.

pytest-django runs the suite on SQLite by default and on PostgreSQL when
DATABASE_URL is set.
"""

from __future__ import annotations

import datetime
import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, settings

from servers import end_server_sessions
from system_tools import SYSTEM_TOOLS, missing_tool_verdict

# Speed is measured by the scripts in benchmarks/, not by timed tests: a property test
# on a busy machine must not fail because one example took longer than usual.
settings.register_profile(
    "plenipot", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("plenipot")


def _worker_redis_url(url: str, worker: str) -> str:
    """The Redis database of one test process: the one REDIS_URL names, moved up by the
    worker's number plus one, so parallel workers never flush each other's cache,
    socket counts or channel groups."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + 1 + int(worker.removeprefix('gw'))}"))


def _give_worker_its_redis() -> None:
    """Under pytest-xdist, point this process (and the servers it starts) at its own
    Redis database. Django's settings were read before this file, so they are redone
    from the new address; nothing has opened the cache or a channel layer yet."""
    url = os.environ.get("REDIS_URL", "").strip()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker:
        return
    from django.conf import settings as django_settings

    from plenipot.site import environment

    os.environ["REDIS_URL"] = _worker_redis_url(url, worker)
    django_settings.REDIS_URL = environment.redis_url(os.environ)
    django_settings.CACHES = environment.caches(django_settings.REDIS_URL)
    django_settings.CHANNEL_LAYERS = environment.channel_layers(django_settings.REDIS_URL)


def pytest_configure(config):
    _give_worker_its_redis()
    for tool in SYSTEM_TOOLS.values():
        config.addinivalue_line(
            "markers", f"{tool.marker}: needs {tool.what} (apt-get install {tool.packages})"
        )


def pytest_runtest_setup(item):
    """A test marked with a system tool that is absent is skipped, or failed in CI."""
    markers = [marker for marker in SYSTEM_TOOLS if item.get_closest_marker(marker)]
    verdict = missing_tool_verdict(markers, os.environ)
    if verdict is not None:
        action, message = verdict
        if action == "fail":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. The public pages are cached under a counter
    kept in the database, and a test's rolled-back transaction puts the counter back,
    so a page cached by one test would otherwise be served to the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's own language. A page asked for in another language
    leaves that language active in the thread that served it, and the next test run by
    the same process would otherwise word its messages in it."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """Each test gets its own channel layer. A layer on Redis keeps a lock for its
    receive loop that belongs to the event loop that took it, and a test's server
    thread may still hold it while it shuts down; the next test, in another event
    loop, would find it taken."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def conference(db):
    from plenipot.conference.services import conference_create

    return conference_create(
        name="Plenipotentiary Conference",
        short_name="PP-14",
        city="Busan",
        country="Republic of Korea",
        start=datetime.date(2014, 10, 20),
        end=datetime.date(2014, 11, 7),
    )


@pytest.fixture
def states(db):
    """Three Member States in different regions."""
    from plenipot.conference.services import organisation_create

    return {
        "FRA": organisation_create(
            kind="member_state", name="France", symbol="F", iso2="FR", iso3="FRA", itu_region="B"
        ),
        "SEN": organisation_create(
            kind="member_state",
            name="Senegal",
            symbol="SEN",
            iso2="SN",
            iso3="SEN",
            itu_region="D",
        ),
        "BRA": organisation_create(
            kind="member_state", name="Brazil", symbol="B", iso2="BR", iso3="BRA", itu_region="A"
        ),
    }


@pytest.fixture
def delegations(conference, states):
    from plenipot.conference.services import delegation_create, person_create

    result = {}
    for iso3, state in states.items():
        delegation = delegation_create(
            conference=conference, organisation=state, credentials_status="accepted"
        )
        person_create(
            given_name="Head", family_name=iso3, delegation=delegation, delegation_role="head"
        )
        result[iso3] = delegation
    return result


@pytest.fixture
def plenary(conference, delegations):
    from plenipot.conference.services import body_create

    chair = delegations["SEN"].members.get()
    return body_create(
        conference=conference, code="PL", name="Plenary", kind="plenary", chair=chair,
        openness="public",
    )


# For the meeting and tracker tests: a small conference with a committee, its chair,
# delegations and Resolution 101.
RESOLUTION_101 = """Resolution 101 (Rev. Guadalajara, 2010)
Internet Protocol-based networks

The Plenipotentiary Conference of the International Telecommunication Union (Guadalajara, 2010),

considering
a) that IP-based networks carry voice and data;
b) that their growth raises questions of cost,

resolves
1 to seek closer cooperation between ITU and other organizations;
2 that ITU shall make full use of IP-based networks,
"""


def at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2014, 10, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def world(conference, states):
    from plenipot.conference.services import body_create, delegation_create, person_create
    from plenipot.documents.services import document_create, proposal_create
    from plenipot.negotiation.services import instrument_create

    User = get_user_model()
    fra = delegation_create(
        conference=conference, organisation=states["FRA"], credentials_status="accepted"
    )
    sen = delegation_create(
        conference=conference, organisation=states["SEN"], credentials_status="accepted"
    )
    bra = delegation_create(
        conference=conference, organisation=states["BRA"], credentials_status="pending"
    )
    chair_user = User.objects.create_user(username="chair5", password="x")
    chair = person_create(
        given_name="Awa",
        family_name="Diop",
        delegation=sen,
        delegation_role="head",
        user=chair_user,
    )
    pl_user = User.objects.create_user(username="chairpl", password="x")
    pl_chair = person_create(
        given_name="Min", family_name="Lee", delegation=fra, delegation_role="head", user=pl_user
    )
    delegate_user = User.objects.create_user(username="del", password="x")
    person_create(given_name="Ana", family_name="Silva", delegation=bra, user=delegate_user)
    secretariat = User.objects.create_user(username="sec", password="x", role="secretariat")
    pl = body_create(
        conference=conference,
        code="PL",
        name="Plenary",
        kind="plenary",
        chair=pl_chair,
        openness="public",
    )
    com5 = body_create(
        conference=conference,
        code="COM5",
        name="Committee 5",
        kind="committee",
        parent=pl,
        chair=chair,
    )
    resolution = instrument_create(
        conference=conference,
        number="101",
        title="Internet Protocol-based networks",
        text=RESOLUTION_101,
    )
    doc27 = document_create(
        conference=conference,
        number="27",
        addendum=1,
        kind="input",
        title="European Common Proposals",
        date=datetime.date(2014, 9, 5),
        sources=[states["FRA"]],
        body=com5,
    )
    proposal_create(
        document=doc27,
        symbol="F/27A1/1",
        mark="MOD",
        instrument=resolution,
        target="resolves__para_1",
        text="to seek closer cooperation and coordination between ITU and other organizations;",
    )
    proposal_create(
        document=doc27,
        symbol="F/27A1/2",
        mark="SUP",
        instrument=resolution,
        target="considering__b",
    )
    return {
        "conference": conference,
        "fra": fra,
        "sen": sen,
        "bra": bra,
        "chair": chair_user,
        "pl_chair": pl_user,
        "delegate": delegate_user,
        "secretariat": secretariat,
        "pl": pl,
        "com5": com5,
        "resolution": resolution,
        "doc27": doc27,
    }


# The floor of a meeting: COM5's meeting on Resolution 101 with its drafting room open;
# the chair of COM5 (Senegal), a delegate of France, one of Brazil (credentials pending:
# it may still speak), the secretariat and someone from no delegation.
@pytest.fixture
def floor(world, django_user_model):
    from plenipot.conference.services import person_create
    from plenipot.meetings.services import agenda_item_add, meeting_schedule
    from plenipot.negotiation.services import draft_create

    draft = draft_create(body=world["com5"], instrument=world["resolution"])
    meeting = meeting_schedule(
        body=world["com5"], starts_at=at(21, 9), ends_at=at(21, 12),
        scheduled_by=world["secretariat"], room="Room 401", openness="public",
    )  # fmt: skip
    item = agenda_item_add(meeting=meeting, title="", added_by=world["secretariat"],
                           instrument=world["resolution"])  # fmt: skip
    other = agenda_item_add(meeting=meeting, title="Any other business",
                            added_by=world["secretariat"])  # fmt: skip
    french = django_user_model.objects.create_user(username="fra", password="x", email="fra@example.org")
    person_create(given_name="Jeanne", family_name="Martin", delegation=world["fra"], user=french)
    outsider = django_user_model.objects.create_user(username="outsider", password="x")
    return {
        **world, "meeting": meeting, "item": item, "other": other, "draft": draft,
        "french": french, "brazil": world["delegate"], "outsider": outsider,
    }  # fmt: skip


@pytest.fixture(scope="session")
def server_sessions(django_db_setup, django_db_blocker):
    """For tests that run the site under a real server: its threads keep their database
    connections open between requests, and between tests; at the end of the session
    they are ended, so that PostgreSQL can drop the test database."""
    yield
    with django_db_blocker.unblock():
        end_server_sessions()


@pytest.fixture
def asgi_server(transactional_db, server_sessions):
    """The site under uvicorn in a thread, with the options `plenipot serve` uses, for
    pages that use WebSockets and for what only a real server shows."""
    from serving import serving

    with serving() as url:
        yield url



@pytest.fixture(scope="session")
def planner_bench():
    """benchmarks/planner.py as a module: its conference generator and greedy baseline."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "planner.py"
    spec = importlib.util.spec_from_file_location("planner_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["planner_benchmark"] = module
    spec.loader.exec_module(module)
    return module
