"""Running a conference: backups and restore, health and metrics."""
