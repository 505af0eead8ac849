"""Stories: YAML nodes, file and section readers, loader, conditions, model, history, checker."""
