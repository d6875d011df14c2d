"""A conference of one's own through the API alone, with bearer tokens: from the example
set-up file to the Final Acts. A delegate uploads and submits a Word proposal on a
resolution imported from Akoma Ntoso; the secretariat registers it and allocates it to
Committee 5 (which puts the text on its path); the ad hoc group's chair opens a drafting
room, takes Senegal's wording and issues the DT; Committee 5 approves it; the Editorial
Committee cannot issue the blue document until the secretariat has sent the DT for
translation and the translator has made the French version final; then the blue and
pink documents, adoption and the Final Acts, each reading document with a file per
language of the conference (English and French)."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordFile

from own_conference import FRENCH, proposals_docx, set_up_example

API = "/api/v1"
CONF = f"{API}/conferences/RPM-27"


@pytest.fixture
def tokens(db, tmp_path):
    from plenipot.accounts.models import User
    from plenipot.accounts.services import token_create

    set_up_example(tmp_path)
    names = ("delegate.sen", "secretariat.diallo", "delegate.mar", "chair.com5", "chair.com4",
             "chair.pl", "translator.fr")  # fmt: skip
    return {
        name: {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=User.objects.get(username=name))}"}
        for name in names
    }


class Caller:
    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def post(self, url, payload=None, expect=200, **kwargs):
        if "data" in kwargs:
            answer = self.client.post(url, kwargs["data"], **self.headers)
        else:
            answer = self.client.post(
                url, payload or {}, content_type="application/json", **self.headers
            )
        assert answer.status_code == expect, answer.content
        return answer.json()

    def put(self, url, payload, expect=200):
        answer = self.client.put(url, payload, content_type="application/json", **self.headers)
        assert answer.status_code == expect, answer.content
        return answer.json()

    def get(self, url, expect=200):
        answer = self.client.get(url, **self.headers)
        assert answer.status_code == expect, answer.content
        return answer


def _word_text(data: bytes) -> str:
    return "\n".join(p.text for p in WordFile(io.BytesIO(data)).paragraphs)


def test_from_set_up_to_the_final_acts_through_the_api(client, tokens, tmp_path):
    from plenipot.negotiation.models import Instrument

    as_ = {name: Caller(client, headers) for name, headers in tokens.items()}
    r130 = Instrument.objects.get(conference__short_name="RPM-27", number="130")

    # A delegate of Senegal uploads the Word file and submits it.
    upload = io.BytesIO(proposals_docx(r130))
    upload.name = "senegal-130.docx"
    submission = as_["delegate.sen"].post(
        f"{CONF}/submissions",
        data={"file": upload, "instrument": "resolution 130", "title": "Propositions du Sénégal"},
        expect=201,
    )
    assert submission["proposals"] == 2
    as_["delegate.sen"].post(f"{CONF}/submissions/{submission['id']}/submit")

    # The secretariat registers it and allocates it: the text goes on its path.
    registered = as_["secretariat.diallo"].post(
        f"{CONF}/submissions/{submission['id']}/register", {}
    )
    assert registered["symbol"] == "Document 1"
    as_["secretariat.diallo"].post(
        f"{CONF}/documents/{registered['document']}/allocations", {"body": "COM5"}, expect=201
    )
    path = as_["chair.com5"].get(f"{CONF}/paths/resolution/130").json()
    assert path["stage"] == "allocated"

    # The group's chair opens a drafting room, takes Senegal's wording, issues the DT.
    chair = as_["delegate.mar"]
    draft = chair.post(
        f"{CONF}/drafts", {"body": "COM5-AHG-130", "instrument": "resolution 130"}, expect=201
    )
    room = chair.get(f"{API}/drafts/{draft['id']}").json()
    segments = room["provisions"]["resolves__para_1"]["segments"]
    segment = next(n for n, s in enumerate(segments) if isinstance(s, list))
    alternative = next(n for n, a in enumerate(segments[segment]) if "SEN" in a["sources"])
    chair.post(
        f"{API}/drafts/{draft['id']}/operations",
        {"base": room["head"], "op": {"op": "choose_alternative", "eid": "resolves__para_1",
                                      "segment": segment, "alternative": alternative}},
    )  # fmt: skip
    # The group agrees Senegal's new provision as it reads: the text is agreed.
    room = chair.get(f"{API}/drafts/{draft['id']}").json()
    added = [eid for eid, p in room["provisions"].items() if p.get("sponsors")]
    assert added, "Senegal's proposal adds a provision"
    for eid in added:
        chair.post(
            f"{API}/drafts/{draft['id']}/operations",
            {"base": chair.get(f"{API}/drafts/{draft['id']}").json()["head"],
             "op": {"op": "remove_brackets", "eid": eid}},
        )  # fmt: skip
    # Only the pen issues a DT; the room's chair is the pen.
    as_["delegate.sen"].post(f"{API}/drafts/{draft['id']}/snapshots", {"name": "x"}, expect=403)
    snapshot = chair.post(
        f"{API}/drafts/{draft['id']}/snapshots", {"name": "Texte du groupe"}, expect=201
    )
    assert snapshot["document"] == "DT/1"

    moves = f"{CONF}/paths/resolution/130/moves"
    as_["chair.com5"].post(moves, {"to_stage": "in_body"})
    as_["chair.com5"].post(moves, {"to_stage": "ad_hoc", "body": "COM5-AHG-130"})
    chair.post(moves, {"to_stage": "dt", "document": "DT/1"})
    as_["chair.com5"].post(moves, {"to_stage": "approved", "body": "COM5"})
    as_["chair.com5"].post(moves, {"to_stage": "editorial", "body": "COM4"})

    # The Editorial Committee may not issue the blue document without the French version.
    refused = as_["chair.com4"].post(moves, {"to_stage": "first_reading"}, expect=400)
    assert "no language versions" in refused["detail"]

    # The secretariat sends the DT for translation; the translator makes French final.
    dt = as_["chair.com4"].get(f"{CONF}/documents?limit=50").json()
    dt_id = next(d["id"] for d in dt["items"] if d["symbol"] == "DT/1")
    as_["translator.fr"].post(f"{API}/documents/{dt_id}/translation", expect=403)
    source = as_["secretariat.diallo"].post(f"{API}/documents/{dt_id}/translation", expect=201)
    assert source["original_language"] == "en"
    assert [v["language"] for v in source["versions"]] == ["fr"]
    french = source["versions"][0]
    translator = as_["translator.fr"]
    for eid in source["provisions"]:
        saved = translator.put(
            f"{API}/translation/versions/{french['id']}/provisions/{eid}",
            {"text": FRENCH[eid], "revision": french["revisions"].get(eid, 0)},
        )
        assert saved["failures"] == [], saved
    stale = translator.put(
        f"{API}/translation/versions/{french['id']}/provisions/resolves__para_1",
        {"text": "autre chose", "revision": 0},
        expect=409,
    )
    assert "saved this provision first" in stale["detail"]
    status = french["status"]
    for _step in range(4):
        if status == "final":
            break
        status = translator.post(f"{API}/translation/versions/{french['id']}/advance")["status"]
    assert status == "final"

    # The blue document, both readings, adoption and the Final Acts.
    blue = as_["chair.com4"].post(moves, {"to_stage": "first_reading"})
    assert blue["stage"] == "first_reading"
    for stage in ("second_reading", "adopted", "final_acts"):
        assert as_["chair.pl"].post(moves, {"to_stage": stage})["stage"] == stage

    acts = as_["chair.pl"].get(f"{CONF}/final-acts").json()
    assert [i["adopted_number"] for i in acts["instruments"]] == ["130 (Rev. Dakar, 2027)"]

    # The Final Acts print the adopted text, agreed in the drafting room, as the
    # instrument it became: renumbered, with no bracket and no drafting-room mark.
    from django.test import Client as Anonymous

    for fmt in ("docx", "pdf"):
        exported = Anonymous().get(f"/submissions/export/final-acts.{fmt}")
        assert exported.status_code == 200, fmt
    printed = Anonymous().get("/submissions/export/final-acts.html").content.decode()
    assert "130 (Rev. Dakar, 2027)" in printed
    assert "the highest priority within the Union" in printed
    assert "[" not in printed.split("<body", 1)[1] and "{resolves" not in printed

    # The blue and pink documents carry a file per language of the conference; the API
    # names where each file is, on the site, for a reader who may read the document.
    from django.test import Client

    from plenipot.accounts.models import User

    reader = Client()
    reader.force_login(User.objects.get(username="delegate.ken"))
    documents = as_["chair.pl"].get(f"{CONF}/documents?limit=50").json()["items"]
    for symbol in ("B.1", "R.1"):
        document_id = next(d["id"] for d in documents if d["symbol"] == symbol)
        detail = as_["chair.pl"].get(f"{API}/documents/{document_id}").json()
        languages = {v["language"]: v for v in detail["languages"]}
        assert set(languages) == {"en", "fr"}
        english = _word_text(b"".join(reader.get(languages["en"]["file"]).streaming_content))
        french_file = _word_text(b"".join(reader.get(languages["fr"]["file"]).streaming_content))
        assert "the highest priority within the Union" in english
        assert "la plus haute priorité au sein de l'Union" in french_file
        assert "la plus haute priorité" in languages["fr"]["text"]
