"""WebSocket routes. Apps with live pages add their consumers here."""

websocket_urlpatterns: list = []
