"""The REST API, served by django-ninja at /api/v1/."""
