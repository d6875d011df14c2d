"""WebSocket routes. Apps with live pages add their consumers here."""

from django.urls import path

from plenipot.floor.consumers import FloorConsumer
from plenipot.negotiation.consumers import DraftConsumer
from plenipot.tracker.consumers import TrackerConsumer

websocket_urlpatterns: list = [
    path("ws/drafts/<int:draft_id>/", DraftConsumer.as_asgi()),
    path("ws/tracker/", TrackerConsumer.as_asgi()),
    path("ws/floor/meetings/<int:meeting_id>/", FloorConsumer.as_asgi()),
]
