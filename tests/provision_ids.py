"""The shape of a provision id, for the tests that look for ids in what people read.

``considering__b`` or ``resolves__para_2`` may stand in URLs, attributes and the API,
never in a page's visible text, where provisions are named as delegates name them
("considering b)", "resolves 2")."""

from __future__ import annotations

import re

#: A provision id: words joined by "_", then "__" and more ("resolves__para_2").
PROVISION_ID = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)*__[a-z0-9_]+\b")
