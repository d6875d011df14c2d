"""The API object, mounted at /api/v1/; the endpoints live in `endpoints.py`."""

from ninja import NinjaAPI

from plenipot.api.auth import caller

api = NinjaAPI(
    auth=caller,
    title="Plenipot API",
    version="1",
    description=(
        "Read access to conferences, their participants, delegations, bodies and documents. "
        "Anyone may call it; `Authorization: Bearer <token>` (from `plenipot token USERNAME`) "
        "reads as that user, under the same access policy as the site."
    ),
    urls_namespace="api-v1",
)

from plenipot.api import documents, endpoints  # noqa: E402, F401  (registers the routes)
from plenipot.tracker.api import router as tracker_router  # noqa: E402

api.add_router("", tracker_router)

from plenipot.negotiation.api import router as drafting_router  # noqa: E402

api.add_router("", drafting_router)

from plenipot.translation.api import router as translation_router  # noqa: E402

api.add_router("", translation_router)

from plenipot.planning.api import router as planning_router  # noqa: E402

api.add_router("", planning_router)

from plenipot.accounts.api import router as follow_router  # noqa: E402

api.add_router("", follow_router)
