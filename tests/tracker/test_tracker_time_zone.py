"""PLENIPOT_TIME_ZONE drives the times the pages show; a wrong name stops the site."""

import datetime
import os
import subprocess
import sys

from plenipot.meetings.services import meeting_schedule
from plenipot.tracker.services import path_move, path_start


def test_the_pages_show_times_in_the_conference_time_zone(client, world, settings):
    # 16:00 in Busan is 07:00 UTC.
    busan = datetime.timezone(datetime.timedelta(hours=9))
    path = path_start(
        instrument=world["resolution"], at=datetime.datetime(2014, 10, 20, 8, tzinfo=busan)
    )
    path_move(
        path=path,
        to_stage="allocated",
        moved_by=world["secretariat"],
        body=world["com5"],
        at=datetime.datetime(2014, 10, 20, 16, tzinfo=busan),
    )
    # A meeting at 08:30 on the first day in Busan is still on the previous day in UTC.
    settings.TIME_ZONE = "Asia/Seoul"
    meeting = meeting_schedule(
        body=world["com5"],
        starts_at=datetime.datetime(2014, 10, 20, 8, 30, tzinfo=busan),
        ends_at=datetime.datetime(2014, 10, 20, 9, 30, tzinfo=busan),
        scheduled_by=world["secretariat"],
        openness="public",
    )
    page = client.get("/tracker/resolution/101/").content.decode()
    assert "20 Oct 2014 16:00" in page and "Times are in Asia/Seoul." in page
    listing = client.get("/meetings/").content.decode()
    assert "Times are in Asia/Seoul." in listing
    detail = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Monday 20 October 2014, 08:30" in detail and ">KST<" in detail

    settings.TIME_ZONE = "UTC"
    page = client.get("/tracker/resolution/101/").content.decode()
    assert "20 Oct 2014 07:00" in page and "Times are in UTC." in page


def test_a_wrong_time_zone_name_stops_the_site_with_the_reason(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        {
            "PLENIPOT_TIME_ZONE": "Mars/Olympus_Mons",
            "PLENIPOT_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "plenipot.site.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode != 0
    assert "PLENIPOT_TIME_ZONE: 'Mars/Olympus_Mons' is not a time zone name" in result.stderr
