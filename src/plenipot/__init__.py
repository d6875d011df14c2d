"""Plenipot: consensus-based negotiation conferences, from proposals to Final Acts."""

__version__ = "0.1.0"
