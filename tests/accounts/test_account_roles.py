from django.contrib.auth.models import AnonymousUser

from plenipot.accounts.models import Role
from plenipot.accounts.roles import role_of
from plenipot.accounts.services import user_create
from plenipot.conference import services


def test_explicit_role_wins(db):
    user = user_create(username="t", password="a-long-password-1", role=Role.TRANSLATOR)
    assert role_of(user) == Role.TRANSLATOR
    assert user.check_password("a-long-password-1")
    assert user.password.startswith("argon2")


def test_derived_roles(conference, plenary, delegations):
    assert role_of(AnonymousUser()) is None
    staff = user_create(username="s", password=None, is_staff=True)
    assert role_of(staff) == Role.SECRETARIAT
    assert not staff.has_usable_password()
    nobody = user_create(username="n", password=None)
    assert role_of(nobody) == Role.OBSERVER

    chair = plenary.chair
    chair.user = user_create(username="c", password=None)
    chair.save()
    assert role_of(chair.user) == Role.CHAIR
    services.body_set_status(body=plenary, status="reported")
    assert role_of(chair.user) == Role.DELEGATE
