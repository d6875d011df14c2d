"""What the drafting room accepts, one schema per use case, shared by the API and the
WebSocket: an edit is checked by the same rules whichever way it comes."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

MAX_ID = 2**31 - 1
MAX_DESCRIPTION = 500
MAX_WORDING = 5000
MAX_SNAPSHOT_NAME = 200


class OperationIn(Schema):
    base: int = Field(..., ge=0, le=MAX_ID, description="The revision the edit was made against.")
    op: dict[str, Any] = Field(..., description="The operation; see docs/drafting-room.md.")
    description: str = Field("", max_length=MAX_DESCRIPTION)
    meeting: int | None = Field(
        None, ge=1, le=MAX_ID, description="The meeting of the body in which the edit was made."
    )


class UndoIn(Schema):
    number: int = Field(..., ge=1, le=MAX_ID, description="The revision to undo.")
    meeting: int | None = Field(None, ge=1, le=MAX_ID)


class SuggestionIn(Schema):
    eid: str = Field(..., min_length=1, max_length=200, description="The provision.")
    text: str = Field(..., min_length=1, max_length=MAX_WORDING, description="The wording.")
    segment: int | None = Field(
        None, ge=0, le=10_000, description="A piece of the provision (a bracket, or agreed text)."
    )
    start: int | None = Field(
        None, ge=0, le=MAX_ID, description="With `end`: a span of that agreed text."
    )
    end: int | None = Field(None, ge=0, le=MAX_ID)


class AcceptIn(Schema):
    base: int | None = Field(
        None, ge=0, le=MAX_ID, description="The revision the pen saw (default: the latest)."
    )
    meeting: int | None = Field(None, ge=1, le=MAX_ID)


class SnapshotIn(Schema):
    name: str = Field(..., min_length=1, max_length=MAX_SNAPSHOT_NAME)


# What only the WebSocket carries: the suggestion an `accept` or `decline` frame is about
# (the API has it in the URL), where a watcher resumes from, and the provision it looks at.


class AcceptFrame(AcceptIn):
    suggestion: int = Field(..., ge=1, le=MAX_ID, description="The suggestion.")


class DeclineFrame(Schema):
    suggestion: int = Field(..., ge=1, le=MAX_ID, description="The suggestion.")


class ResumeFrame(Schema):
    after: int = Field(..., ge=0, le=MAX_ID, description="The last revision the watcher has.")


class FocusFrame(Schema):
    eid: str = Field("", max_length=200, description="The provision; empty for none.")
