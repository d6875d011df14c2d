"""The conference: participants, delegations, people and the tree of bodies."""
