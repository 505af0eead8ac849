"""Special Tasks: a terminal text adventure engine for YAML history stories."""

__version__ = "0.1.0"
