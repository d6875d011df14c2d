"""Remembering what a person has seen of a drafting room, for their home page.

The drafting room and its history are the negotiation app's pages; the portal, which
combines apps, notes after each of them is served that the signed-in reader has seen
the draft's latest revision. The home page then says what changed since.
"""

from __future__ import annotations

from plenipot.portal.services import draft_visit_record

#: The pages whose visit counts as having seen the draft, by URL name.
DRAFT_PAGES = frozenset({"draft-room", "draft-history"})


class DraftVisits:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and match.url_name in DRAFT_PAGES
            and request.method == "GET"
            and response.status_code == 200
            and request.user.is_authenticated
        ):
            draft_visit_record(user=request.user, draft_id=match.kwargs["pk"])
        return response
