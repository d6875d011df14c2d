"""Reading accounts. A user's role is worked out in `accounts.roles`."""

from __future__ import annotations

from dataclasses import dataclass

from plenipot.accounts.models import Follow, Role, User
from plenipot.accounts.roles import role_of
from plenipot.conference.models import Person


@dataclass(frozen=True)
class AccountName:
    """How the site names a signed-in account to its holder: `name`, and the username
    beside it when the name is the account's role rather than a person's."""

    name: str
    username: str = ""


def account_name(user: User) -> AccountName:
    """The name of the person behind the account, else the account's own first and last
    names: a person's name is a proper name and reads the same in every language. An
    account with neither is named by its role in the reader's language, with its
    username ("Secretariat · secretariat"). The display name is not used: it is free
    text in one language, often what the account is for ("Conference secretariat"),
    which no page can put in the reader's."""
    name = _proper_name(user)
    if name:
        return AccountName(name)
    role = role_of(user) or Role.OBSERVER
    return AccountName(str(Role(role).label), user.get_username())


def presence_name(user: User) -> str:
    """How other people see an account where it works beside them (a drafting room's
    presence list, the pen's marker): the person's name, else the account's own names,
    else its display name, else its username. It goes to every watcher at once, so it is
    the same text in every language."""
    return _proper_name(user) or user.display_name or user.get_username()


def _proper_name(user: User) -> str:
    """The name of the person behind the account, else the account's own first and last
    names, else ""."""
    try:
        person = user.person
    except Person.DoesNotExist:
        person = None
    return (person.full_name if person is not None else "") or user.get_full_name()


def user_follows(*, user: User, body=None, instrument=None) -> bool:
    """Whether a signed-in user follows this body or this instrument. One query."""
    if not user.is_authenticated or (body is None) == (instrument is None):
        return False
    target = {"body": body} if body is not None else {"instrument": instrument}
    return Follow.objects.filter(user=user, **target).exists()
