"""Stage 9, report: what a run tells its readers besides the Word files.

summary.xlsx (with the committee's Calibration sheet), problems.xlsx, redaction and the HTML
review. Entry: `write_reports(group, manifest) → written paths`.
"""

from promopacket.core.lazy import exports

__all__ = ["write_reports"]
__getattr__, __dir__ = exports(__name__, {"write_reports": "promopacket.report.summary"})
