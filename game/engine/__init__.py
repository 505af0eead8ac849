"""The engine: the pure state machine of a playthrough and the session that records its steps."""
