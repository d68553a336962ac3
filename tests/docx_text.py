"""A readable, stable text dump of a generated .docx, for golden files and document checks."""

from __future__ import annotations

from pathlib import Path

from docx import Document


def text_dump(path: Path) -> str:
    """A readable, stable dump of a .docx: paragraphs, tables (cells joined by ' | '), images
    and comments, in document order. Golden files compare this, never the bytes."""
    document = Document(str(path))
    lines: list[str] = []
    body = document.element.body
    tables = iter(document.tables)
    paragraphs = iter(document.paragraphs)
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = next(paragraphs)
            text = paragraph.text.strip()
            if paragraph._p.xpath(".//pic:pic"):
                text = f"{text} [image]".strip()
            if text:
                style = paragraph.style.name if paragraph.style is not None else ""
                prefix = "# " if style.startswith(("Heading", "Title")) else ""
                lines.append(prefix + text)
        elif tag == "tbl":
            for row in next(tables).rows:
                lines.append("| " + " | ".join(c.text.strip() for c in row.cells) + " |")
    for comment in document.comments:
        lines.append(f"[comment by {comment.author}] {comment.text.strip()}")
    return "\n".join(lines) + "\n"
