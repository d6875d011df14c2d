"""An upload handler that stops reading a file once it passes the size cap.

A request whose declared length is already far over the cap is refused by the view
before its body is read at all.

Without it Django would receive a 200 MB file in full (to a temporary file) before the
view could refuse it. With it, the request body beyond the cap is skipped and the view
learns that the file was too large.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from plenipot.documents.files import upload_limits

__all__ = ["SizeCapHandler", "upload_limits"]


class SizeCapHandler(FileUploadHandler):
    """Refuse any file larger than ``cap`` bytes while it is being received."""

    def __init__(self, request=None, *, cap: int) -> None:
        super().__init__(request)
        self.cap = cap
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        if self.received > self.cap:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
