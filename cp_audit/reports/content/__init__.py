"""The report's content: one module per chapter turns an audit's data and results into report-model blocks.

cp_audit.reports.build assembles them under the template's outline; nothing here formats or draws.
"""
