"""The instruments under negotiation: resolutions, decisions, recommendations."""
