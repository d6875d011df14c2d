"""The API object, mounted at /api/v1/; the endpoints live in `endpoints.py`."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Plenipot API",
    version="1",
    description="Read access to conferences, their participants, delegations and bodies.",
    urls_namespace="api-v1",
)

from plenipot.api import endpoints  # noqa: E402, F401  (registers the routes)
