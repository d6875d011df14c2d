"""The demo conference, loaded once per test that asks for it, and its users."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo(db):
    from plenipot.demo.loader import demo_load

    return demo_load()


@pytest.fixture
def users(demo):
    from plenipot.accounts.models import User

    return {u.username: u for u in User.objects.filter(
        username__in=["secretariat", "chair", "delegate1", "delegate", "observer"]
    )}
