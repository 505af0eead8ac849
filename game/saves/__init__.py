"""Saves: the checksummed save file, the slot store and migration across story versions."""
