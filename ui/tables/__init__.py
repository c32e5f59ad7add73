"""One table model per table of the audit, each with its Column enum (see ui.table_models)."""
