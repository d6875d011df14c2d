"""Read endpoints: conferences, organisations, delegations and bodies.

These are public facts of a conference (who takes part, which bodies exist and who
chairs them); the documents a body lists pass through the access policy. Every list is paginated with `limit` and `offset`; path and query
values are bounded so that no input reaches the database unchecked.
"""

from typing import Annotated

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from plenipot.api.api import api
from plenipot.api.schemas import (
    BodyDetailOut,
    BodyOut,
    ConferenceOut,
    DelegationDetailOut,
    DelegationOut,
    ErrorOut,
    OrganisationDetailOut,
    OrganisationOut,
)
from plenipot.conference import selectors
from plenipot.conference.models import (
    Body,
    Conference,
    Delegation,
    ItuRegion,
    Organisation,
)
from plenipot.documents.access import documents_readable
from plenipot.documents.models import Document

MAX_ID = 2**31 - 1
# Codes and symbols: letters, digits and a little punctuation; never a NUL byte.
CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
SearchText = Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")]


class Page(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=MAX_ID)


ShortName = Annotated[str, Path(pattern=CODE, description='For example "PP-14".')]
BodyCode = Annotated[str, Path(pattern=CODE, description='For example "COM5-AHG-130".')]
Iso3 = Annotated[str, Path(pattern=r"^[A-Za-z]{3}$", description='For example "SEN".')]


class OrganisationFilters(Schema):
    kind: Organisation.Kind | None = None
    itu_region: ItuRegion | None = None
    search: SearchText | None = None


class DelegationFilters(Schema):
    credentials_status: Delegation.Credentials | None = None


class BodyFilters(Schema):
    kind: Body.Kind | None = None
    status: Body.Status | None = None
    parent: Annotated[str, Field(pattern=CODE)] | None = None


def _conference(short_name: str) -> Conference:
    try:
        return selectors.conference_get(short_name=short_name)
    except Conference.DoesNotExist:
        raise Http404 from None


class IndexOut(Schema):
    name: str
    version: str
    docs: str
    openapi: str
    conferences: str


@api.get("/", response=IndexOut, tags=["conference"])
def index(request: HttpRequest):
    """Where to start: the browsable documentation, the OpenAPI document and the list
    of conferences."""
    return {
        "name": api.title,
        "version": api.version,
        "docs": request.build_absolute_uri(reverse("api-v1:openapi-view")),
        "openapi": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "conferences": request.build_absolute_uri(reverse("api-v1:conference_list")),
    }


@api.get("/conferences", response=list[ConferenceOut], tags=["conference"])
@paginate(Page)
def conference_list(request: HttpRequest):
    return Conference.objects.order_by("-start", "short_name")


@api.get(
    "/conferences/{short_name}",
    response={200: ConferenceOut, 404: ErrorOut},
    tags=["conference"],
)
def conference_detail(request: HttpRequest, short_name: ShortName):
    return _conference(short_name)


@api.get("/organisations", response=list[OrganisationOut], tags=["organisations"])
@paginate(Page)
def organisation_list(request: HttpRequest, filters: Query[OrganisationFilters]):
    return selectors.organisation_list(
        kind=filters.kind, itu_region=filters.itu_region, search=filters.search
    )


@api.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationDetailOut, 404: ErrorOut},
    tags=["organisations"],
)
def organisation_detail(
    request: HttpRequest, organisation_id: Annotated[int, Path(ge=1, le=MAX_ID)]
):
    try:
        organisation = Organisation.objects.prefetch_related(
            "members", "regional_organisations"
        ).get(pk=organisation_id)
    except Organisation.DoesNotExist:
        raise Http404 from None
    return organisation


@api.get(
    "/conferences/{short_name}/delegations",
    response={200: list[DelegationOut], 404: ErrorOut},
    tags=["delegations"],
)
@paginate(Page)
def delegation_list(
    request: HttpRequest, short_name: ShortName, filters: Query[DelegationFilters]
):
    conference = _conference(short_name)
    delegations = selectors.delegation_list(
        conference=conference, credentials_status=filters.credentials_status
    )
    return delegations


@api.get(
    "/conferences/{short_name}/delegations/{iso3}",
    response={200: DelegationDetailOut, 404: ErrorOut},
    tags=["delegations"],
)
def delegation_detail(request: HttpRequest, short_name: ShortName, iso3: Iso3):
    conference = _conference(short_name)
    delegation = (
        selectors.delegation_list(conference=conference)
        .filter(organisation__iso3=iso3.upper())
        .first()
    )
    if delegation is None:
        raise Http404
    members = selectors.delegation_members(delegation=delegation)
    chairs = list(
        Body.objects.filter(conference=conference, chair__delegation=delegation)
        .order_by("position", "code")
        .values_list("code", flat=True)
    )
    delegation.members_in_order = members
    delegation.chaired = chairs
    return delegation


@api.get(
    "/conferences/{short_name}/bodies",
    response={200: list[BodyOut], 404: ErrorOut},
    tags=["bodies"],
)
@paginate(Page)
def body_list(request: HttpRequest, short_name: ShortName, filters: Query[BodyFilters]):
    conference = _conference(short_name)
    bodies = selectors.body_list(conference=conference)
    if filters.kind:
        bodies = bodies.filter(kind=filters.kind)
    if filters.status:
        bodies = bodies.filter(status=filters.status)
    if filters.parent:
        bodies = bodies.filter(parent__code=filters.parent)
    return bodies


@api.get(
    "/conferences/{short_name}/bodies/{code}",
    response={200: BodyDetailOut, 404: ErrorOut},
    tags=["bodies"],
)
def body_detail(request: HttpRequest, short_name: ShortName, code: BodyCode):
    conference = _conference(short_name)
    try:
        body = (
            selectors.body_list(conference=conference)
            .prefetch_related(
                Prefetch("children", queryset=Body.objects.order_by("position", "code")),
                Prefetch(
                    "documents",
                    queryset=documents_readable(request.user, Document.objects.all()).order_by(
                        "date", "number"
                    ),
                ),
            )
            .get(code=code)
        )
    except Body.DoesNotExist:
        raise Http404 from None
    return body
