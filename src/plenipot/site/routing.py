"""WebSocket routes. Apps with live pages add their consumers here."""

from django.urls import path

from plenipot.negotiation.consumers import DraftConsumer

websocket_urlpatterns: list = [
    path("ws/drafts/<int:draft_id>/", DraftConsumer.as_asgi()),
]
