"""PLENIPOT_MAX_SOCKETS_PER_CLIENT: a whole number, 0 or more; anything else stops the
site with a one-line message that names the variable."""

import pytest

from plenipot.site import environment

NAME = "PLENIPOT_MAX_SOCKETS_PER_CLIENT"


def test_the_cap_on_sockets_is_a_whole_number():
    assert environment.whole_number({}, NAME, default=20) == 20
    assert environment.whole_number({NAME: " 5 "}, NAME, default=20) == 5
    assert environment.whole_number({NAME: "0"}, NAME, default=20) == 0
    for wrong in ("-1", "many", "2.5"):
        with pytest.raises(environment.ConfigurationError, match=NAME):
            environment.whole_number({NAME: wrong}, NAME, default=20)
