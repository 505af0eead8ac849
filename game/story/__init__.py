"""Stories: YAML nodes, the loader, conditions, the immutable model, the checker and diagnostics."""
