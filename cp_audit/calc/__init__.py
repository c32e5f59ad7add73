"""Pure calculations of the method: every figure of the workbench, the report and the exports."""
