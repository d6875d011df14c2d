"""The API object, mounted at /api/v1/; the endpoints live in `endpoints.py`."""

from csp.decorators import csp_update
from ninja import NinjaAPI

from plenipot.api.auth import caller
from plenipot.core.api_errors import install_error_handlers

api = NinjaAPI(
    auth=caller,
    title="Plenipot API",
    version="1",
    description=(
        "Read access to conferences, their participants, delegations, bodies and documents. "
        "Anyone may call it; `Authorization: Bearer <token>` (from `plenipot token USERNAME`) "
        "reads as that user, under the same access policy as the site. Writes (POST, PUT, "
        "PATCH, DELETE) need a signed-in caller (401 otherwise, before the request is "
        "validated); with the browser session instead of a token they also need the "
        "`X-CSRFToken` header with the `csrftoken` cookie's value (403 otherwise)."
    ),
    urls_namespace="api-v1",
    # The docs page's Swagger UI (from django-ninja's own static files) draws some icons
    # as data: images; the rest of the site's policy holds there.
    docs_decorator=csp_update({"img-src": ["data:"]}),
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

from plenipot.portal.api import router as follow_router  # noqa: E402

api.add_router("", follow_router)

from plenipot.submissions.api import router as submissions_router  # noqa: E402

api.add_router("", submissions_router)

from plenipot.elections.api import router as elections_router  # noqa: E402

api.add_router("", elections_router)

from plenipot.floor.api import router as floor_router  # noqa: E402

api.add_router("", floor_router)

from plenipot.setup.api import router as setup_router  # noqa: E402

api.add_router("", setup_router)

# One answer for every refusal: {"code", "detail"}, whichever operation refused.
install_error_handlers(api)
