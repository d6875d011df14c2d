"""The secretariat's registry: numbering submissions and allocating documents."""

import datetime

from plenipot.documents.models import Allocation, Document, SubmissionDeadline
from plenipot.documents.services import document_create, document_submit


def test_register_and_allocate_from_the_registry(client, world):
    SubmissionDeadline.objects.create(
        conference=world["conference"], closes_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    document_create(
        conference=world["conference"],
        number="27",
        kind="input",
        title="European Common Proposals",
        date=datetime.date(2014, 9, 5),
    )
    fra_user = world["pl_chair"]  # a member of the French delegation
    submitted = document_submit(
        conference=world["conference"], submitted_by=fra_user, title="Proposals of France"
    )

    assert client.get("/tracker/registry/").status_code == 404
    client.force_login(world["delegate"])
    assert client.get("/tracker/registry/").status_code == 404

    client.force_login(world["secretariat"])
    page = client.get("/tracker/registry/").content.decode()
    assert "Proposals of France" in page
    # Its source is named in the reader's language.
    client.cookies["django_language"] = "ar"
    page = client.get("/tracker/registry/").content.decode()
    assert "<td><bdi>فرنسا</bdi></td>" in page
    client.cookies["django_language"] = "en"
    page = client.post(
        "/tracker/registry/",
        {"action": "register", "document": submitted.pk, "number": "27"},
        follow=True,
    ).content.decode()
    assert "already exists" in page
    page = client.post(
        "/tracker/registry/", {"action": "register", "document": submitted.pk}, follow=True
    )
    submitted.refresh_from_db()
    assert submitted.number == "28" and submitted.status == Document.Status.REGISTERED

    page = client.post(
        "/tracker/registry/",
        {"action": "allocate", "symbol": "Document 28-F", "body": "COM5"},
        follow=True,
    ).content.decode()
    assert "allocated to COM5" in page
    page = client.post(
        "/tracker/registry/",
        {
            "action": "allocate",
            "symbol": "Addendum 1 to Document 27",
            "proposal": "F/27A1/2",
            "body": "PL",
        },
        follow=True,
    ).content.decode()
    assert Allocation.objects.filter(body=world["pl"], proposal__symbol="F/27A1/2").exists()
    page = client.post(
        "/tracker/registry/",
        {"action": "allocate", "symbol": "Document 99", "body": "PL"},
        follow=True,
    ).content.decode()
    assert "There is no document Document 99." in page

    agenda = client.get("/tracker/agenda/COM5/").content.decode()
    assert "Document 28" in agenda
