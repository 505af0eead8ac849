"""Front ends: the plain line protocol and the interactive terminal game, and what they draw."""
