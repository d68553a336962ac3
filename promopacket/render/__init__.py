"""Stage 6, render: a document context → a Word file (docxtpl, autoescape on), and PDF.

Charts, hyperlinks, the template check and the size-trimming of written files.
Entry: `render_docx(template, context, path, …)`.
"""

from promopacket.core.lazy import exports

__all__ = ["render_docx"]
__getattr__, __dir__ = exports(__name__, {"render_docx": "promopacket.render.docx"})
