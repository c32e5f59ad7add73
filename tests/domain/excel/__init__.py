"""Tests of the Excel worksheets, the bulk-entry template and its import."""
