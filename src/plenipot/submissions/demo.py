"""The demo's submissions, from `submissions.json`: a delegation's late submission
waiting for the secretariat, and a file another delegation has uploaded but not yet
submitted. Each file is written as Word in the conference's style and read back through
the same checks as an upload."""

from __future__ import annotations

from plenipot.accounts.models import User
from plenipot.engine.instrument import ITEM_KIND, flatten, parse_instrument
from plenipot.engine.proposals import Mark, Proposal
from plenipot.formats.common import DocumentHeader
from plenipot.formats.docx_out import proposals_docx
from plenipot.negotiation.models import Instrument
from plenipot.submissions.services import upload_create, upload_submit


def _proposals(base, source: str, rows: list[dict]) -> list[Proposal]:
    units = {unit.eid: unit for unit in flatten(base)}
    proposals = []
    for sequence, row in enumerate(rows, start=1):
        mark = Mark(row["mark"])
        anchor = units[row["target"]]
        kind = depth = None
        eid = ""
        if mark.adds:
            kind = ITEM_KIND.get(anchor.kind, anchor.kind) if anchor.kind.is_heading else anchor.kind
            depth = 0 if anchor.kind.is_heading else anchor.depth
            eid = f"{row['target']}_add_{source.lower()}_{sequence}"
        proposals.append(
            Proposal(
                (source,), f"{source}/xx/{sequence}", mark, row["target"], text=row.get("text", ""),
                reasons=row.get("reasons", ""), kind=kind, depth=depth or 0, eid=eid,
            )
        )  # fmt: skip
    return proposals


def load_submissions_demo(loader, items: list, error: type[Exception]) -> None:
    where = "submissions.json"
    for item in items or []:
        try:
            user = User.objects.select_related("person__delegation__organisation").get(
                username=item["username"]
            )
            instrument = Instrument.objects.get(
                conference=loader.conference, number=item["instrument"]
            )
            organisation = user.person.delegation.organisation
            source = organisation.symbol or organisation.iso3
            base = parse_instrument(instrument.text)
            data = proposals_docx(
                base,
                _proposals(base, source, item["proposals"]),
                DocumentHeader(title=item["title"], conference=str(loader.conference)),
            )
            upload = upload_create(
                conference=loader.conference,
                user=user,
                instrument=instrument,
                filename=f"{source.lower()}-{instrument.number}.docx",
                data=data,
                title=item["title"],
            )
            if item.get("submit"):
                upload_submit(upload=upload, user=user)
        except Exception as exc:
            raise error(f"{where}: {item.get('title', item)!r}: {exc}") from None
