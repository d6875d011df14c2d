"""A document's revisions, addenda and corrigenda on its page, and the secretariat's
action that registers one against its parent with the right symbol."""

from plenipot.documents.models import Document


def test_the_secretariat_registers_an_addendum_and_links_go_both_ways(client, world):
    doc27 = world["doc27"]
    client.force_login(world["secretariat"])
    page = client.get(f"/documents/{doc27.pk}/").content.decode()
    assert "Revisions, addenda and corrigenda" in page
    assert "No revision, addendum or corrigendum yet." in page
    assert "Register and number it" in page

    answer = client.post(
        f"/documents/{doc27.pk}/register-child/", {"relation": "addendum"}, follow=True
    )
    child = Document.objects.get(parent=doc27)
    assert child.symbol == "Addendum 2 to Document 27"
    assert answer.redirect_chain[-1][0] == f"/documents/{child.pk}/"
    html = answer.content.decode()
    assert "Registered as Addendum 2 to Document 27." in html
    assert "An addendum to" in html and f'href="/documents/{doc27.pk}/"' in html
    assert list(child.sources.all()) == list(doc27.sources.all())

    parent_page = client.get(f"/documents/{doc27.pk}/").content.decode()
    assert f'href="/documents/{child.pk}/"' in parent_page
    assert "Addendum:" in parent_page

    client.post(
        f"/documents/{doc27.pk}/register-child/",
        {"relation": "revision", "title": "Revised proposals", "date": "2014-10-21"},
    )
    revision = Document.objects.get(parent=doc27, revision=1)
    assert revision.symbol == "Addendum 1 to Document 27(Rev.1)"
    assert revision.title == "Revised proposals" and str(revision.date) == "2014-10-21"
    client.post(f"/documents/{doc27.pk}/register-child/", {"relation": "corrigendum"})
    corrigendum = Document.objects.get(parent=doc27, corrigendum=1)
    assert corrigendum.symbol.startswith("Corrigendum 1 to")


def test_bad_input_is_refused_with_the_reason_and_nothing_written(client, world):
    doc27 = world["doc27"]
    client.force_login(world["secretariat"])
    page = client.post(
        f"/documents/{doc27.pk}/register-child/", {"relation": "appendix"}, follow=True
    ).content.decode()
    assert "Unknown relation" in page
    page = client.post(
        f"/documents/{doc27.pk}/register-child/",
        {"relation": "addendum", "date": "yesterday"},
        follow=True,
    ).content.decode()
    assert "is not a date" in page
    assert not Document.objects.filter(parent=doc27).exists()


def test_only_the_secretariat_registers_and_hidden_documents_stay_hidden(client, world):
    doc27 = world["doc27"]
    client.force_login(world["chair"])
    assert client.post(
        f"/documents/{doc27.pk}/register-child/", {"relation": "addendum"}
    ).status_code in (403, 404)
    assert "Register and number it" not in client.get(f"/documents/{doc27.pk}/").content.decode()
    client.logout()
    assert client.post(f"/documents/{doc27.pk}/register-child/", {"relation": "addendum"}).status_code == 302
    client.force_login(world["secretariat"])
    assert client.post("/documents/99999/register-child/", {"relation": "addendum"}).status_code == 404
    assert not Document.objects.filter(parent=doc27).exists()
