"""The Qt workbench: a thin view on cp_audit. Imports go from here to cp_audit, never back."""
