"""Audit reports: a format-neutral model (model.py), report templates, and the ReportLab PDF renderer.

Importing this package or its model loads no ReportLab; the renderer modules load it when used.
"""
