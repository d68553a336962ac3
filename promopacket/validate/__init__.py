"""Stage 2, validate: raw rows → typed records and located problems.

Great Expectations suites per sheet, parsing, per-profile checks and the offline Data Docs.
Entry: `validate_workbook(raw, …) → WorkbookData` (records and problems, every problem at its
sheet, row and column with the fix).
"""

from promopacket.core.lazy import exports

__all__ = ["validate_workbook"]
__getattr__, __dir__ = exports(__name__, {"validate_workbook": "promopacket.validate.records"})
