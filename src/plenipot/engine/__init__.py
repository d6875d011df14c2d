"""The engine: pure Python, no Django, no I/O.

The text engine's public API is exported here; see each module's docstring for the
reasoning behind it and ``docs/text-format.md`` and ``docs/consolidation.md``.
"""

from plenipot.engine.compilation import Synopsis, compile_synopsis, print_synopsis
from plenipot.engine.consolidation import (
    BASE,
    Alternative,
    Bracket,
    Draft,
    DraftProvision,
    Segment,
    consolidate,
    pick,
)
from plenipot.engine.diff import DiffOp, diff_instruments, diff_provision, ops_to_html, ops_to_text
from plenipot.engine.draftformat import draft_to_dict, draft_to_html, parse_draft, print_draft
from plenipot.engine.instrument import (
    Annex,
    Instrument,
    Kind,
    ParseError,
    Part,
    Provision,
    Unit,
    build,
    flatten,
    parse_instrument,
    print_instrument,
)
from plenipot.engine.proposals import (
    Mark,
    Proposal,
    ProposalError,
    apply_proposals,
    derive_proposals,
    parse_proposals,
    print_proposals,
)
from plenipot.engine.tokens import detokenize, tokenize

__all__ = [
    "BASE",
    "Alternative",
    "Annex",
    "Bracket",
    "DiffOp",
    "Draft",
    "DraftProvision",
    "Instrument",
    "Kind",
    "Mark",
    "ParseError",
    "Part",
    "Proposal",
    "ProposalError",
    "Provision",
    "Segment",
    "Synopsis",
    "Unit",
    "apply_proposals",
    "build",
    "compile_synopsis",
    "consolidate",
    "derive_proposals",
    "detokenize",
    "diff_instruments",
    "diff_provision",
    "draft_to_dict",
    "draft_to_html",
    "flatten",
    "ops_to_html",
    "ops_to_text",
    "parse_draft",
    "parse_instrument",
    "parse_proposals",
    "pick",
    "print_draft",
    "print_instrument",
    "print_proposals",
    "print_synopsis",
    "tokenize",
]
