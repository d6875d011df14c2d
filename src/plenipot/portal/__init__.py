"""The public web pages: home, bodies, delegations, login."""
