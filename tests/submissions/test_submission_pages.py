"""Upload a Word file, review what was read beside it, fix, submit; and download every
export of an instrument and a document."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plenipot.engine import parse_instrument
from plenipot.engine.proposals import Mark, Proposal
from plenipot.formats.docx_out import proposals_docx, revision_docx

RESOLUTIONS = Path(__file__).parents[2] / "src" / "plenipot" / "demo" / "data" / "resolutions"
BASE_TEXT = (RESOLUTIONS / "101.txt").read_text(encoding="utf-8")
BASE = parse_instrument(BASE_TEXT)
EDITED = parse_instrument(BASE_TEXT.replace("an important tool", "an essential tool"))
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def setup(conference, delegations):
    from plenipot.accounts.services import user_create
    from plenipot.documents.models import SubmissionDeadline
    from plenipot.negotiation.services import instrument_create

    SubmissionDeadline.objects.create(
        conference=conference,
        closes_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
    )
    instrument = instrument_create(
        conference=conference, number="101", title=BASE.title, text=BASE_TEXT
    )
    user = user_create(username="bra-head", password=None)
    person = delegations["BRA"].members.get()
    person.user = user
    person.save()
    stranger = user_create(username="stranger", password=None)
    return {"instrument": instrument, "user": user, "stranger": stranger}


def _upload(client, setup, data: bytes, name: str = "proposals.docx"):
    return client.post(
        reverse("submission-list"),
        {
            "instrument": setup["instrument"].pk,
            "title": "Proposals of Brazil on Resolution 101",
            "file": SimpleUploadedFile(name, data, content_type=DOCX),
        },
    )


def test_pages_need_a_login(client, db):
    response = client.get(reverse("submission-list"))
    assert response.status_code == 302


def test_upload_review_fix_and_submit_a_tracked_copy(client, setup):
    from plenipot.documents.models import Document
    from plenipot.submissions.models import Upload

    client.force_login(setup["user"])
    response = _upload(client, setup, revision_docx(BASE, EDITED, author="Brazil"))
    assert response.status_code == 302, response.content.decode()
    upload = Upload.objects.get()
    assert [p["mark"] for p in upload.proposals] == ["MOD"]
    assert upload.proposals[0]["symbol"].startswith("B/")

    page = client.get(reverse("submission-review", args=[upload.pk]))
    html = page.content.decode()
    assert "<del" in html and "<ins" in html and "essential" in html  # the Word rendering
    # The proposal beside it, its provision chosen from the instrument's, by label.
    chosen = re.search(r'<select name="target-0">(.*?)</select>', html, re.S).group(1)
    assert '<option value="recognizing__a" selected>recognizing a)</option>' in chosen
    assert "recognizing__a" not in re.sub(r"<[^>]*>", "", chosen), "no id shown as text"

    fix = {
        "count": "2",
        "symbol-0": upload.proposals[0]["symbol"],
        "mark-0": "MOD",
        "target-0": "recognizing__a",
        "text-0": "that IP-based networks are a vital tool for economic and social development;",
        "reasons-0": "Clearer.",
        "symbol-1": "B/1/2",
        "mark-1": "SUP",
        "target-1": "considering__b",
        "reasons-1": "Covered elsewhere.",
    }
    assert client.post(reverse("submission-review", args=[upload.pk]), fix).status_code == 302
    upload.refresh_from_db()
    assert [p["mark"] for p in upload.proposals] == ["MOD", "SUP"]
    assert "vital" in upload.proposals[0]["text"]

    response = client.post(reverse("submission-submit", args=[upload.pk]))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.status == Document.Status.SUBMITTED
    assert [(p.mark, p.target) for p in document.proposals.order_by("sequence")] == [
        ("MOD", "recognizing__a"),
        ("SUP", "considering__b"),
    ]
    upload.refresh_from_db()
    assert upload.status == Upload.Status.SUBMITTED and upload.document == document


def test_a_fix_that_does_not_apply_is_refused(client, setup):
    from plenipot.submissions.models import Upload

    client.force_login(setup["user"])
    _upload(client, setup, revision_docx(BASE, EDITED))
    upload = Upload.objects.get()
    bad = {"count": "1", "symbol-0": "B/1/1", "mark-0": "SUP", "target-0": "nowhere__z"}
    response = client.post(reverse("submission-review", args=[upload.pk]), bad)
    assert response.status_code == 400
    assert "nowhere__z" in response.content.decode()
    upload.refresh_from_db()
    assert upload.proposals[0]["target"] == "recognizing__a"


def test_an_itu_document_with_an_unmatched_target_cannot_be_submitted(client, setup):
    from plenipot.documents.models import Document
    from plenipot.submissions.models import Upload

    client.force_login(setup["user"])
    good = Proposal(("B",), "B/5/1", Mark.SUP, "considering__b", reasons="Covered.")
    _upload(client, setup, proposals_docx(BASE, [good]))
    upload = Upload.objects.get()
    assert upload.kind == "itu" and upload.problems == []
    assert upload.proposals[0]["target"] == "considering__b"
    upload.problems = ["B/5/2: the text matches no provision of the base"]
    upload.save()
    page = client.get(reverse("submission-review", args=[upload.pk])).content.decode()
    assert "matches no provision" in page
    client.post(reverse("submission-submit", args=[upload.pk]))
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Word 97-2003"),
        (b"PK\x03\x04 broken", "corrupt"),
        (b"plain text", "not a Word document"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(client, setup, data, message):
    from plenipot.submissions.models import Upload

    client.force_login(setup["user"])
    response = _upload(client, setup, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Upload.objects.exists()


def test_zip_bomb_upload_is_refused(client, setup):
    from plenipot.submissions.models import Upload

    good = revision_docx(BASE, EDITED)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("word/bomb.xml", b"<a>" + b" " * (150 * 1024 * 1024) + b"</a>")
    client.force_login(setup["user"])
    response = _upload(client, setup, out.getvalue())
    assert response.status_code == 400 and "zip bomb" in response.content.decode()
    assert not Upload.objects.exists()


@pytest.mark.parametrize("size", [5_000, 200_000])  # refused while reading, or at once
def test_oversized_upload_is_refused(client, setup, settings, size):
    from plenipot.submissions.models import Upload

    settings.PLENIPOT_UPLOAD_MAX_BYTES = 1000
    client.force_login(setup["user"])
    response = _upload(client, setup, b"PK\x03\x04" + b"\0" * size)
    assert response.status_code == 400
    assert "larger than 0 MB, the most that is accepted" in response.content.decode()
    assert not Upload.objects.exists()


def test_upload_still_checks_the_csrf_token(setup):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(setup["user"])
    assert _upload(client, setup, revision_docx(BASE, EDITED)).status_code == 403


def test_someone_outside_a_delegation_cannot_upload(client, setup):
    from plenipot.submissions.models import Upload

    client.force_login(setup["stranger"])
    response = _upload(client, setup, revision_docx(BASE, EDITED))
    assert response.status_code == 400
    assert not Upload.objects.exists()


def test_another_users_upload_is_absent(client, setup):
    from plenipot.submissions.models import Upload

    client.force_login(setup["user"])
    _upload(client, setup, revision_docx(BASE, EDITED))
    upload = Upload.objects.get()
    client.force_login(setup["stranger"])
    assert client.get(reverse("submission-review", args=[upload.pk])).status_code == 404


@pytest.mark.parametrize("fmt,start", [("docx", b"PK"), ("pdf", b"%PDF"), ("akn", b"<?xml"),
                                       ("html", b"<!DOCTYPE html>")])  # fmt: skip
def test_instrument_exports(client, setup, fmt, start):
    response = client.get(reverse("export-instrument", args=[setup["instrument"].pk, fmt]))
    assert response.status_code == 200
    assert response.content.startswith(start)


def test_unknown_export_format_is_absent(client, setup):
    response = client.get(reverse("export-instrument", args=[setup["instrument"].pk, "exe"]))
    assert response.status_code == 404


def test_document_export_follows_the_access_policy(client, setup, conference):
    from django.contrib.auth.models import AnonymousUser

    from plenipot.documents.access import document_readable
    from plenipot.documents.services import document_create

    document = document_create(
        conference=conference, number="27", kind="input", title="Proposals",
        date=datetime.date(2014, 9, 1), instrument=setup["instrument"], text=BASE_TEXT,
    )  # fmt: skip
    for user in (setup["user"], AnonymousUser()):
        if user.is_authenticated:
            client.force_login(user)
        else:
            client.logout()
        response = client.get(reverse("export-document", args=[document.pk, "docx"]))
        assert response.status_code == (200 if document_readable(user, document) else 404)
        if response.status_code == 200:
            assert response.content.startswith(b"PK")
            assert b"Document 27" in zipfile.ZipFile(io.BytesIO(response.content)).read(
                "word/document.xml"
            )
    assert client.get(reverse("export-document", args=[999999, "akn"])).status_code == 404


def test_a_document_that_is_not_an_instrument_exports_as_paragraphs(client, setup, conference):
    from plenipot.documents.services import document_create

    document = document_create(
        conference=conference, number="INF/3", kind="information", title="Practical information",
        date=datetime.date(2014, 10, 1), text="Buses leave at 08:00.\nLunch is served at noon.",
    )  # fmt: skip
    client.force_login(setup["user"])
    from plenipot.documents.access import document_readable

    if not document_readable(setup["user"], document):
        pytest.skip("the access policy keeps information documents from delegates")
    html = client.get(reverse("export-document", args=[document.pk, "html"])).content.decode()
    assert "<p>Buses leave at 08:00.</p>" in html
    docx = client.get(reverse("export-document", args=[document.pk, "docx"]))
    assert docx.content.startswith(b"PK")
    assert client.get(reverse("export-document", args=[document.pk, "akn"])).status_code == 404


def test_the_document_page_offers_every_export(client, setup, conference):
    from plenipot.documents.access import document_readable
    from plenipot.documents.services import document_create

    document = document_create(
        conference=conference, number="28", kind="input", title="Proposals",
        date=datetime.date(2014, 9, 1), instrument=setup["instrument"], text=BASE_TEXT,
    )  # fmt: skip
    client.force_login(setup["user"])
    if not document_readable(setup["user"], document):
        pytest.skip("the access policy keeps this document from the delegate")
    page = client.get(reverse("document-detail", args=[document.pk])).content.decode()
    for fmt in ("docx", "pdf", "akn", "html"):
        assert reverse("export-document", args=[document.pk, fmt]) in page


def test_a_dt_exports_with_revision_marks_against_the_text_in_force(client, setup, conference):
    from django.contrib.auth.models import AnonymousUser

    from plenipot.documents.access import document_readable
    from plenipot.documents.services import document_create
    from plenipot.engine import print_instrument

    document = document_create(
        conference=conference, number="29", kind="input", title="Revised text",
        date=datetime.date(2014, 10, 30), instrument=setup["instrument"],
        text=print_instrument(EDITED),
    )  # fmt: skip
    client.force_login(setup["user"])
    if not document_readable(setup["user"], document):
        client.logout()
        assert not document_readable(AnonymousUser(), document)
        pytest.skip("the access policy keeps this document from the delegate")
    url = reverse("export-document", args=[document.pk, "docx"])

    def xml(response) -> str:
        assert response.status_code == 200
        return zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()

    tracked = xml(client.get(url + "?marks=tracked"))
    assert "<w:ins " in tracked and "<w:delText" in tracked
    itu = xml(client.get(url + "?marks=itu"))
    assert "<w:strike/>" in itu and "<w:ins " not in itu
    pdf = client.get(reverse("export-document", args=[document.pk, "pdf"]) + "?marks=itu")
    assert pdf.content.startswith(b"%PDF")
    akn = client.get(reverse("export-document", args=[document.pk, "akn"]) + "?marks=itu")
    assert akn.status_code == 404


def test_final_acts_export(client, setup, conference):
    from plenipot.engine import print_instrument
    from plenipot.tracker.models import TextPath

    assert client.get(reverse("export-final-acts", args=["docx"])).status_code == 404
    TextPath.objects.create(
        conference=conference, instrument=setup["instrument"], stage="adopted",
        text_in_force=BASE_TEXT, current_text=print_instrument(EDITED),
    )  # fmt: skip
    response = client.get(reverse("export-final-acts", args=["docx"]))
    assert response.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "Final Acts" in xml and "an essential tool" in xml
    assert client.get(reverse("export-final-acts", args=["pdf"])).content.startswith(b"%PDF")
    assert client.get(reverse("export-final-acts", args=["akn"])).status_code == 404


def test_an_upload_belongs_to_the_delegation_not_only_to_the_uploader(client, setup, delegations):
    """An adviser uploads; the head of the same delegation sees it, submits it; another
    delegation's delegate finds nothing there."""
    from plenipot.accounts.services import user_create
    from plenipot.conference.services import person_create
    from plenipot.documents.models import Document
    from plenipot.submissions.models import Upload

    colleague = user_create(username="bra-adviser", password=None)
    person_create(
        given_name="Rui",
        family_name="Costa",
        delegation=delegations["BRA"],
        delegation_role="adviser",
        user=colleague,
    )
    outsider = user_create(username="fra-delegate", password=None)
    person_create(
        given_name="Luc", family_name="Martin", delegation=delegations["FRA"], user=outsider
    )
    client.force_login(colleague)
    _upload(client, setup, revision_docx(BASE, EDITED, author="Brazil"))
    upload = Upload.objects.get()

    client.force_login(outsider)
    assert client.get(reverse("submission-review", args=[upload.pk])).status_code == 404
    assert client.post(reverse("submission-submit", args=[upload.pk])).status_code == 404

    client.force_login(setup["user"])
    listing = client.get(reverse("submission-list")).content.decode()
    assert reverse("submission-review", args=[upload.pk]) in listing
    assert client.get(reverse("submission-review", args=[upload.pk])).status_code == 200
    assert client.post(reverse("submission-submit", args=[upload.pk])).status_code == 302
    assert Document.objects.get().status == Document.Status.SUBMITTED


def test_the_review_form_keeps_each_field_in_the_direction_of_what_is_typed(client, setup):
    """In the Arabic interface, the symbol and the reasons typed in English read left to
    right (dir="auto"), and the text keeps the instrument's own language and direction."""
    from plenipot.submissions.models import Upload

    client.force_login(setup["user"])
    _upload(client, setup, revision_docx(BASE, EDITED, author="Brazil"))
    upload = Upload.objects.get()
    page = client.get(
        reverse("submission-review", args=[upload.pk]), headers={"accept-language": "ar"}
    )
    html = page.content.decode()
    assert 'dir="rtl"' in html[: html.index("<body")]
    assert re.search(r'<input name="symbol-0" value="[^"]+" dir="auto">', html)
    assert re.search(r'<textarea name="reasons-0" rows="2" dir="auto">', html)
    assert re.search(r'<textarea name="text-0" rows="3" lang="en" dir="ltr">', html)
    assert re.search(r"<legend><bdi>[^<]+</bdi></legend>", html)
