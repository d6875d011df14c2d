"""WebSocket routes. Apps with live pages add their consumers here."""

from django.urls import path

from plenipot.negotiation.consumers import DraftConsumer
from plenipot.tracker.consumers import TrackerConsumer

websocket_urlpatterns: list = [
    path("ws/drafts/<int:draft_id>/", DraftConsumer.as_asgi()),
    path("ws/tracker/", TrackerConsumer.as_asgi()),
]
