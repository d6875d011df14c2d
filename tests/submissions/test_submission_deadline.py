"""The submission pages show the deadline; after it, a submission is received as late,
marked so on the delegation's page and in the secretariat's queue, for the secretariat to
accept (register) or return with a reason."""

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


def test_a_late_submission_is_received_as_late_and_returned_with_a_reason(
    client, conference, brazil
):
    from plenipot.accounts.services import user_create
    from plenipot.documents.models import Document

    _deadline(conference, datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC))
    client.force_login(brazil["user"])
    upload = _upload(client, brazil)
    _deadline(conference, datetime.datetime(2014, 9, 22, 12, tzinfo=datetime.UTC))

    html = client.get(reverse("submission-review", args=[upload.pk])).content.decode()
    assert "The deadline for submissions passed on 22 September 2014" in html
    assert "received as late" in html
    assert '<button type="submit" class="button">Submit late to the secretariat' in html
    page = client.post(reverse("submission-submit", args=[upload.pk]), follow=True)
    html = page.content.decode()
    assert "Submitted after the deadline" in html and "badge-late" in html
    document = Document.objects.get()
    assert document.status == "submitted"

    # The secretariat's queue marks it late; it returns it with a reason in Russian.
    secretariat = user_create(username="sec", password=None, role="secretariat")
    client.force_login(secretariat)
    html = client.get(reverse("registry")).content.decode()
    assert 'class="late"' in html and "Accept and register" in html
    reason = "Документ поступил после крайнего срока."
    client.post(
        reverse("registry"), {"action": "return", "document": document.pk, "reason": reason}
    )
    document.refresh_from_db()
    assert document.status == "returned"

    # The delegation reads the reason on its submission's page.
    client.force_login(brazil["user"])
    html = client.get(reverse("submission-review", args=[upload.pk])).content.decode()
    assert "Returned by the secretariat." in html and reason in html
