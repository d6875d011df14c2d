"""What every transport shares: who is acting (the actor) and how a refusal is said."""
