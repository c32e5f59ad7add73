"""Excel workbooks of an audit: the worksheets (审核工作用表) with live formulas, a template for offline
bulk entry, and an all-or-nothing import of a filled template. No Qt here."""
