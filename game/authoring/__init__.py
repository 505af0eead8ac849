"""Tools for story authors: graph, playtest, the JSON Schema and their commands."""
