"""The submission pages show the deadline; after it, submitting is refused with the
reason and nothing is written."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plenipot.engine import parse_instrument
from plenipot.formats.docx_out import revision_docx

RESOLUTIONS = Path(__file__).resolve().parents[2] / "src/plenipot/demo/data/resolutions"
BASE_TEXT = (RESOLUTIONS / "101.txt").read_text(encoding="utf-8")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def brazil(conference, delegations):
    from plenipot.accounts.services import user_create
    from plenipot.negotiation.services import instrument_create

    base = parse_instrument(BASE_TEXT)
    instrument = instrument_create(
        conference=conference, number="101", title=base.title, text=BASE_TEXT
    )
    user = user_create(username="bra-head", password=None)
    person = delegations["BRA"].members.get()
    person.user = user
    person.save()
    return {"instrument": instrument, "user": user, "base": base}


def _deadline(conference, when):
    from plenipot.documents.models import SubmissionDeadline

    SubmissionDeadline.objects.update_or_create(conference=conference, defaults={"closes_at": when})


def _upload(client, brazil):
    edited = parse_instrument(BASE_TEXT.replace("an important tool", "an essential tool"))
    client.post(
        reverse("submission-list"),
        {
            "instrument": brazil["instrument"].pk,
            "title": "Proposals of Brazil on Resolution 101",
            "file": SimpleUploadedFile(
                "p.docx", revision_docx(brazil["base"], edited, author="Brazil"), content_type=DOCX
            ),
        },
    )
    from plenipot.submissions.models import Upload

    return Upload.objects.get()


def test_the_pages_show_when_submissions_close(client, conference, brazil):
    _deadline(conference, datetime.datetime(2100, 1, 1, 12, tzinfo=datetime.UTC))
    client.force_login(brazil["user"])
    html = client.get(reverse("submission-list")).content.decode()
    assert 'id="submission-deadline"' in html and "Submissions close on 1 January 2100" in html
    upload = _upload(client, brazil)
    html = client.get(reverse("submission-review", args=[upload.pk])).content.decode()
    assert "Submissions close on 1 January 2100" in html


def test_a_late_submission_is_refused_with_the_reason(client, conference, brazil):
    from plenipot.documents.models import Document

    _deadline(conference, datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC))
    client.force_login(brazil["user"])
    upload = _upload(client, brazil)
    _deadline(conference, datetime.datetime(2014, 9, 22, 12, tzinfo=datetime.UTC))

    html = client.get(reverse("submission-review", args=[upload.pk])).content.decode()
    assert "The deadline for submissions passed on 22 September 2014" in html
    assert '<button type="submit" disabled>Submit to the secretariat' in html
    page = client.post(reverse("submission-submit", args=[upload.pk]), follow=True)
    assert "The deadline for submissions passed on 2014-09-22" in page.content.decode()
    assert not Document.objects.exists()
    upload.refresh_from_db()
    assert upload.document is None
