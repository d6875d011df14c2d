"""The sign-in page, which names the demo's accounts when the demo conference is loaded.

It lives with the site rather than the portal because it reads the demo's own list of
accounts (`plenipot.demo.loader`), which sits above the portal in the layers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView

from plenipot.accounts.models import Role
from plenipot.conference.models import Body
from plenipot.demo.loader import demo_accounts, demo_is_loaded


@dataclass(frozen=True)
class DemoSignIn:
    """A demo account as the sign-in page lists it."""

    username: str
    password: str
    role: str
    of: str


def demo_sign_ins() -> list[DemoSignIn]:
    """The demo's accounts that exist here, in the order of its list; none unless the
    demo conference is loaded."""
    accounts = demo_accounts()
    if not accounts or not demo_is_loaded():
        return []
    users = {
        user.username: user
        for user in get_user_model()
        .objects.filter(username__in=[account.username for account in accounts], is_active=True)
        .select_related("person__delegation__organisation")
    }
    chaired: dict[int, list[str]] = {}
    for code, user_id in Body.objects.filter(chair__user__in=users.values()).values_list(
        "code", "chair__user_id"
    ):
        chaired.setdefault(user_id, []).append(code)
    roles = dict(Role.choices)
    listed = []
    for account in accounts:
        user = users.get(account.username)
        if user is None:
            continue
        person = getattr(user, "person", None)
        if user.pk in chaired:
            of = ", ".join(sorted(chaired[user.pk]))
        elif person is not None and person.delegation_id is not None:
            of = person.delegation.organisation.local_name()
        else:
            of = ""
        listed.append(
            DemoSignIn(
                username=account.username,
                password=account.password,
                role=str(roles.get(account.role, account.role)),
                of=of,
            )
        )
    return listed


class SignInView(LoginView):
    template_name = "account/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = demo_sign_ins()
        return context


sign_in = SignInView.as_view()
