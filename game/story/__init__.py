"""Stories: YAML nodes, loader, conditions, model, historical path, checker, diagnostics."""
