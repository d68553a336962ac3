"""Stage 1, read: a workbook file → raw rows, before any validation.

File sniffing and package checks, cells read as Excel shows them (percent formats, dates), and
the starter workbook `init` writes. Entry: `read_workbook(path, settings) → RawWorkbook`.
"""

from promopacket.core.lazy import exports

__all__ = ["read_workbook"]
__getattr__, __dir__ = exports(__name__, {"read_workbook": "promopacket.read.workbook"})
