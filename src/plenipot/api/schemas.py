"""What the API returns. Resolvers read from objects the endpoints loaded up front."""

import datetime

from ninja import Schema

from plenipot.core.api_errors import ErrorOut as ApiErrorOut


class ConferenceOut(Schema):
    short_name: str
    name: str
    city: str
    country: str
    start: datetime.date
    end: datetime.date
    languages: list[str]


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str
    acronym: str
    symbol: str
    iso2: str
    iso3: str
    itu_region: str


class OrganisationDetailOut(OrganisationOut):
    members: list[OrganisationOut]
    regional_organisations: list[OrganisationOut]

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.all())

    @staticmethod
    def resolve_regional_organisations(obj) -> list:
        return list(obj.regional_organisations.all())


class DelegationOut(Schema):
    organisation: OrganisationOut
    credentials_status: str
    size: int

    @staticmethod
    def resolve_size(obj) -> int:
        return obj.member_count


class PersonOut(Schema):
    given_name: str
    family_name: str
    delegation_role: str
    delegation: str | None

    @staticmethod
    def resolve_delegation(obj) -> str | None:
        return obj.delegation.organisation.name if obj.delegation_id else None


class MemberOut(Schema):
    given_name: str
    family_name: str
    delegation_role: str


class DelegationDetailOut(DelegationOut):
    members: list[MemberOut]
    chairs: list[str]

    @staticmethod
    def resolve_members(obj) -> list:
        return obj.members_in_order

    @staticmethod
    def resolve_chairs(obj) -> list[str]:
        return obj.chaired


class BodyOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    chair: PersonOut | None
    vice_chairs: list[PersonOut]
    mandate: str
    deadline: datetime.date | None
    openness: str
    status: str

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_vice_chairs(obj) -> list:
        return list(obj.vice_chairs.all())


class DocumentRefOut(Schema):
    number: str
    addendum: int
    revision: int
    kind: str
    title: str


class BodyDetailOut(BodyOut):
    children: list[str]
    documents: list[DocumentRefOut]

    @staticmethod
    def resolve_children(obj) -> list[str]:
        return [child.code for child in obj.children.all()]

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(obj.documents.all())


ErrorOut = ApiErrorOut  # {"code", "detail"}: see core/api_errors.py
