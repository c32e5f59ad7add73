"""CP Audit Workbench domain: the audit's data, calculations, files, imports, exports and reports.

Nothing in this package imports Qt; the `ui` package is a view on it.
"""

__version__ = "0.1.0"
