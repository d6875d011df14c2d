"""The API object; the endpoints live in the routers beside it."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Plenipot API",
    version="1",
    description="Read access to the conference, its participants and its bodies.",
    urls_namespace="api-v1",
)
