"""What a user follows, through the API: list, follow and stop following bodies and
instruments, as the buttons on the body and tracker pages do.

Reading needs a signed-in caller (a bearer token or the browser session); following and
stopping need a bearer token, so that no other site can make a signed-in browser follow
something. A body closed to the caller, like one that does not exist, answers 404.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Router, Schema

from plenipot.accounts.models import Follow
from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Conference
from plenipot.core.api_errors import ErrorOut
from plenipot.core.errors import sign_in_first
from plenipot.portal.actions import check_follow_set

router = Router(tags=["follow"])

CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
ShortName = Annotated[str, Path(pattern=CODE, description='For example "PP-14".')]
Code = Annotated[str, Path(pattern=CODE, description='For example "COM5".')]
Number = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$", description='For example "101".')
]


class FollowOut(Schema):
    kind: str
    key: str
    name: str
    conference: str


class FollowsOut(Schema):
    follows: list[FollowOut]


Detail = ErrorOut


ERRORS = {400: Detail, 401: Detail, 404: Detail}


def _signed_in(request: HttpRequest, *, write: bool):
    user = request.auth
    if user is None or not user.is_authenticated:
        return None
    if write and not request.headers.get("Authorization"):
        return None
    return user


def _follows(user) -> dict:
    rows = Follow.objects.filter(user=user).select_related(
        "body__conference", "instrument__conference"
    ).order_by("pk")
    out = []
    for row in rows:
        if row.body_id:
            out.append({"kind": "body", "key": row.body.code, "name": row.body.name,
                        "conference": row.body.conference.short_name})
        else:
            out.append({"kind": "instrument", "key": row.instrument.number,
                        "name": row.instrument.title,
                        "conference": row.instrument.conference.short_name})
    return {"follows": out}


@router.get("/follows", response={200: FollowsOut, 401: Detail}, summary="What I follow")
def follows_list(request: HttpRequest):
    user = _signed_in(request, write=False)
    if user is None:
        raise sign_in_first()
    return 200, _follows(user)


def _set(request: HttpRequest, short_name: str, what: str, key: str, following: bool):
    user = _signed_in(request, write=True)
    if user is None:
        raise sign_in_first()
    check_follow_set(
        actor_for(user),
        conference=Conference.objects.filter(short_name=short_name).first(),
        what={"bodies": "body", "instruments": "instrument"}[what],
        key=key,
        following=following,
    )
    return 200, _follows(user)


@router.put("/conferences/{short_name}/follows/bodies/{code}",
            response={200: FollowsOut, **ERRORS}, summary="Follow a body")
def body_follow(request: HttpRequest, short_name: ShortName, code: Code):
    """Follow a body whose meetings you may follow; its news comes in the daily digest."""
    return _set(request, short_name, "bodies", code, True)


@router.delete("/conferences/{short_name}/follows/bodies/{code}",
               response={200: FollowsOut, **ERRORS}, summary="Stop following a body")
def body_unfollow(request: HttpRequest, short_name: ShortName, code: Code):
    return _set(request, short_name, "bodies", code, False)


@router.put("/conferences/{short_name}/follows/instruments/{number}",
            response={200: FollowsOut, **ERRORS}, summary="Follow an instrument")
def instrument_follow(request: HttpRequest, short_name: ShortName, number: Number):
    """Follow a resolution, decision or recommendation by its number."""
    return _set(request, short_name, "instruments", number, True)


@router.delete("/conferences/{short_name}/follows/instruments/{number}",
               response={200: FollowsOut, **ERRORS}, summary="Stop following an instrument")
def instrument_unfollow(request: HttpRequest, short_name: ShortName, number: Number):
    return _set(request, short_name, "instruments", number, False)
