"""Tests of the report model, its templates and the PDF renderer."""
