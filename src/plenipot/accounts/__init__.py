"""User accounts and the roles people play at a conference."""
