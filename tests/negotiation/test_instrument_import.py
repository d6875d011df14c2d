"""Importing a text in force from a file: the secretariat uploads a Word, Akoma Ntoso or
plain-text file of a resolution and it becomes an instrument, or the new text of one
that nothing depends on yet. Hostile and wrong files are refused for their cause, in the
reader's language, and leave nothing behind; the page, the API and the command line
answer alike."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from plenipot.accounts.roles import actor_for
from plenipot.accounts.services import token_create
from plenipot.cli import main
from plenipot.core.errors import Conflict, Forbidden, Invalid, NotSignedIn
from plenipot.engine import parse_instrument, print_instrument
from plenipot.formats.akn import instrument_akn
from plenipot.formats.common import DocumentHeader
from plenipot.formats.docx_out import instrument_docx, revision_docx
from plenipot.negotiation.actions import check_instrument_import
from plenipot.negotiation.models import Instrument

RESOLUTIONS = Path(__file__).parents[2] / "src" / "plenipot" / "demo" / "data" / "resolutions"
TEXT_130 = (RESOLUTIONS / "130.txt").read_text(encoding="utf-8")
R130 = parse_instrument(TEXT_130)
API = "/api/v1/conferences/PP-14/instruments/import"

pytestmark = pytest.mark.django_db


def _file(fmt: str, inst=R130) -> tuple[str, bytes]:
    if fmt == "txt":
        return "resolution-130.txt", print_instrument(inst).encode()
    if fmt == "xml":
        return "resolution-130.xml", instrument_akn(inst)
    return "resolution-130.docx", instrument_docx(inst, DocumentHeader(symbol="Document 3-E"))


def _import(world, fmt="docx", who="secretariat", **extra):
    name, data = _file(fmt)
    return check_instrument_import(
        actor_for(world[who]), conference=world["conference"], filename=name, data=data, **extra
    )


@pytest.mark.parametrize("fmt", ["txt", "xml", "docx"])
def test_the_secretariat_imports_a_text_in_force_from_each_format(world, fmt):
    done = _import(world, fmt)
    instrument = done.instrument
    assert done.created
    assert (instrument.kind, instrument.number, instrument.status) == ("resolution", "130", "in_force")
    assert instrument.title == R130.title
    assert parse_instrument(instrument.text) == R130
    assert instrument.text == print_instrument(R130)


def test_the_kind_number_and_title_given_must_agree_with_the_file(world):
    with pytest.raises(Invalid, match=r"The file holds Resolution 130 .*, not Resolution 131"):
        _import(world, number="131")
    with pytest.raises(Invalid, match=r"not Decision 130"):
        _import(world, kind="decision")
    done = _import(world, kind="resolution", number="130", title="Building confidence")
    assert done.instrument.title == "Building confidence"
    assert not Instrument.objects.filter(number="131").exists()


def test_a_text_is_replaced_only_on_request_and_while_nothing_depends_on_it(world):
    _import(world, "txt")
    with pytest.raises(Conflict, match="already on the site; choose to replace its text"):
        _import(world, "docx")
    shorter = TEXT_130.replace("to keep this work among the priorities", "to go on")
    name, _data = _file("txt")
    done = check_instrument_import(
        actor_for(world["secretariat"]), conference=world["conference"], filename=name,
        data=shorter.encode(), replace=True,
    )  # fmt: skip
    assert not done.created and "to go on" in Instrument.objects.get(number="130").text
    # Resolution 101 has proposals on its provisions: its text stays as it is.
    before = world["resolution"].text
    data = print_instrument(parse_instrument(before)).replace("ITU", "the Union").encode()
    with pytest.raises(Conflict, match=r"can no longer be replaced: proposals \(2\) depend on it"):
        check_instrument_import(
            actor_for(world["secretariat"]), conference=world["conference"],
            filename="101.txt", data=data, replace=True,
        )  # fmt: skip
    assert Instrument.objects.get(pk=world["resolution"].pk).text == before


def test_a_draft_is_never_replaced_by_a_file(world):
    from plenipot.negotiation.services import instrument_create

    instrument_create(
        conference=world["conference"], number="130", title="Draft", text=TEXT_130, status="draft"
    )
    with pytest.raises(Conflict, match="is a draft"):
        _import(world, replace=True)


def test_a_proposal_recorded_meanwhile_keeps_the_text(world):
    """The service checks again under the row's lock: a proposal recorded between the
    action's check and the write keeps the text it was made on."""
    from plenipot.documents.services import proposal_create
    from plenipot.negotiation.services import InstrumentInUse, instrument_import

    instrument = _import(world).instrument
    proposal_create(
        document=world["doc27"], symbol="F/27A1/3", mark="SUP", instrument=instrument,
        target="resolves__para_1",
    )  # fmt: skip
    with pytest.raises(InstrumentInUse):
        instrument_import(
            conference=world["conference"], kind="resolution", number="130", title="x", text=""
        )
    assert Instrument.objects.get(pk=instrument.pk).text == print_instrument(R130)


def test_only_the_secretariat_imports(world, client):
    with pytest.raises(Forbidden, match="Only the secretariat imports the texts in force"):
        _import(world, who="delegate")
    with pytest.raises(Forbidden):
        _import(world, who="chair")
    from plenipot.core.actor import ANONYMOUS

    with pytest.raises(NotSignedIn):
        check_instrument_import(ANONYMOUS, conference=world["conference"], filename="x.txt",
                                data=b"x")  # fmt: skip
    assert not Instrument.objects.filter(number="130").exists()


# --- hostile and wrong files ---------------------------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _docx_with(parts: dict[str, bytes]) -> bytes:
    """Plenipot's own Word file of Resolution 130 with some parts replaced or added."""
    with zipfile.ZipFile(io.BytesIO(_file("docx")[1])) as z:
        found = {name: z.read(name) for name in z.namelist()}
    return _zip(found | parts)


EXTERNAL = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/attachedTemplate" Target="http://example.org/t.dotm" '
    b'TargetMode="External"/></Relationships>'
)
EDITED = parse_instrument(TEXT_130.replace("among the priorities", "among the first priorities"))

HOSTILE = [
    ("bomb.docx", _docx_with({"word/document.xml": b"<a/>" + b" " * 3_000_000}), "zip bomb"),
    ("entities.xml", b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
     "document type or XML entities"),
    ("external.docx", _docx_with({"word/_rels/document.xml.rels": EXTERNAL}),
     "external attachedTemplate"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Word 97-2003 document"),
    ("latin1.txt", TEXT_130.replace("the", "thé").encode("latin-1"), "not UTF-8"),
    ("bidi.txt", TEXT_130.replace("ITU", "\u202eITU").encode(), "bidirectional override"),
    ("resolution.pdf", b"%PDF-1.7", "expected a .txt, .xml"),
    ("tracked.docx", revision_docx(R130, EDITED), "tracked changes"),
    ("minutes.txt", b"Minutes\nOf the meeting\n\nThe meeting opened at ten\n",
     "does not look like an instrument"),
    ("act.xml", b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act/>'
     b"</akomaNtoso>", "not a <statement>"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "cause"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_and_wrong_files_are_refused_for_their_cause(world, name, data, cause):
    before = Instrument.objects.count()
    with pytest.raises(Invalid) as refused:
        check_instrument_import(
            actor_for(world["secretariat"]), conference=world["conference"], filename=name,
            data=data,
        )  # fmt: skip
    assert refused.value.detail.startswith(f"{name} cannot be imported: ")
    assert cause in refused.value.detail
    assert Instrument.objects.count() == before


@override_settings(PLENIPOT_UPLOAD_MAX_BYTES=2000)
def test_a_file_over_the_cap_is_refused_before_it_is_read(world):
    with pytest.raises(Invalid, match="files of at most 2 KB are accepted"):
        _import(world, "docx")


@pytest.mark.parametrize(
    ("name", "data", "french"),
    [
        ("strict.docx", None, "Strict Open XML"),
        ("act.xml", HOSTILE[-1][1], "pas un <statement>"),
        ("minutes.txt", HOSTILE[-2][1], "ne ressemble pas à un instrument"),
        ("bomb.docx", HOSTILE[0][1], "bombe"),
    ],
    ids=["strict", "akn-act", "no-instrument", "zip-bomb"],
)
def test_a_refusal_is_said_in_the_reader_s_language(world, name, data, french):
    if data is None:
        data = _docx_with({
            "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxml'
            b'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://purl'
            b'.oclc.org/ooxml/officeDocument/relationships/officeDocument" '
            b'Target="word/document.xml"/></Relationships>'
        })
    with translation.override("fr"), pytest.raises(Invalid) as refused:
        check_instrument_import(
            actor_for(world["secretariat"]), conference=world["conference"], filename=name,
            data=data,
        )  # fmt: skip
    assert refused.value.detail.startswith(f"{name} ne peut pas être importé")
    assert french in refused.value.detail, refused.value.detail
    english = refused.value.detail.split(" : ", 1)[-1]
    assert "cannot be imported" not in english and " is " not in english


# --- the transports ------------------------------------------------------------------------


def _api(client, user, name, data, **fields):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"} if user else {}
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(API, {"file": upload, **fields}, **headers)


def _page(client, user, name, data, **fields):
    client.logout()
    if user is not None:
        client.force_login(user)
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("instrument-list"), {"file": upload, **fields})


def _cli(capsys, tmp_path, user, name, data, *extra) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    capsys.readouterr()
    code = main(["instrument", "import", str(path), "--user", user.username, *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_page_the_api_and_the_command_line_import_alike(world, client, capsys, tmp_path):
    name, data = _file("docx")
    answer = _api(client, world["secretariat"], name, data)
    assert answer.status_code == 201, answer.content
    assert answer.json() | {"id": 0} == {
        "id": 0, "kind": "resolution", "number": "130", "title": R130.title,
        "status": "in_force", "created": True,
    }  # fmt: skip
    answer = _api(client, world["secretariat"], name, data, replace="true")
    assert answer.status_code == 200 and answer.json()["created"] is False

    page = _page(client, world["secretariat"], "r.txt", _file("txt")[1], replace="1")
    instrument = Instrument.objects.get(number="130")
    assert page.status_code == 302
    assert page["Location"].endswith(f"#instrument-{instrument.pk}")
    listing = client.get(page["Location"]).content.decode()
    assert "The text of Resolution 130 is replaced." in html.unescape(listing)

    code, out, _err = _cli(capsys, tmp_path, world["secretariat"], "r.xml", _file("xml")[1],
                           "--replace")  # fmt: skip
    assert code == 0 and out.strip() == f"Replaced the text of Resolution 130: {R130.title}"
    assert Instrument.objects.filter(number="130").count() == 1


@pytest.mark.parametrize(
    ("who", "file", "extra", "code"),
    [
        ("delegate", "docx", {}, "forbidden"),
        (None, "docx", {}, "not_authenticated"),
        ("secretariat", "bidi", {}, "invalid"),
        ("secretariat", "docx", {"number": "131"}, "invalid"),
        ("secretariat", "r101", {"replace": True}, "conflict"),
        ("secretariat", "existing", {}, "conflict"),
    ],
)
def test_every_transport_refuses_alike(world, client, capsys, tmp_path, who, file, extra, code):
    user = world[who] if who else None
    if file == "existing":
        _import(world, "txt")
        name, data = _file("docx")
    elif file == "r101":  # Resolution 101 has proposals on it
        name, data = "101.txt", world["resolution"].text.replace("ITU", "the Union").encode()
    elif file == "bidi":
        name, data = "bidi.txt", TEXT_130.replace("ITU", "\u202eITU").encode()
    else:
        name, data = _file(file)
    fields = {k: ("1" if v is True else v) for k, v in extra.items()}
    count = Instrument.objects.count()
    details = set()

    answer = _api(client, user, name, data, **fields)
    assert answer.json()["code"] == code, answer.json()
    details.add(answer.json()["detail"])

    page = _page(client, user, name, data, **fields)
    if code == "not_authenticated":
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    elif code == "forbidden":
        assert page.status_code == 403
        assert "Only the secretariat imports the texts in force." in html.unescape(
            page.content.decode()
        )
    else:
        assert page.status_code == (409 if code == "conflict" else 400)
        shown = html.unescape(page.content.decode())
        assert answer.json()["detail"] in shown
        assert 'role="alert"' in shown

    if user is not None:
        flags = [f"--{k}" if v is True else f"--{k}={v}" for k, v in extra.items()]
        status, _out, err = _cli(capsys, tmp_path, user, name, data, *flags)
        assert status == 2 and err.startswith("plenipot: error: ")
        details.add(err.removeprefix("plenipot: error: ").strip())

    assert len(details) == 1, details
    assert Instrument.objects.count() == count


def test_the_list_shows_texts_in_force_to_everyone_and_drafts_to_those_signed_in(world, client):
    from plenipot.negotiation.services import instrument_create

    instrument_create(conference=world["conference"], number="COM5/2", title="A new text",
                      text="", status="draft")  # fmt: skip
    public = client.get(reverse("instrument-list")).content.decode()
    assert "Internet Protocol-based networks" in public and "COM5/2" not in public
    assert 'id="import-form"' not in public
    assert client.get("/api/v1/conferences/PP-14/instruments").json() == [
        {"id": world["resolution"].pk, "kind": "resolution", "number": "101",
         "title": "Internet Protocol-based networks", "status": "in_force"}
    ]  # fmt: skip
    client.force_login(world["delegate"])
    signed_in = client.get(reverse("instrument-list")).content.decode()
    assert "COM5/2" in signed_in and 'id="import-form"' not in signed_in
    client.force_login(world["secretariat"])
    assert 'id="import-form"' in client.get(reverse("instrument-list")).content.decode()


def test_the_command_line_lists_the_instruments(world, capsys):
    capsys.readouterr()
    assert main(["instrument", "list"]) == 0
    assert capsys.readouterr().out.split() == [
        "resolution", "101", "in_force", "Internet", "Protocol-based", "networks"
    ]  # fmt: skip


def test_the_lists_read_in_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    from plenipot.negotiation.services import instrument_create

    for n in range(200, 230):
        instrument_create(conference=world["conference"], number=str(n), title=f"Text {n}",
                          text=TEXT_130)  # fmt: skip
    with django_assert_max_num_queries(4):
        assert client.get(reverse("instrument-list")).status_code == 200
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/conferences/PP-14/instruments").json()) == 31
