"""Round three, redaction everywhere: after a real `promopacket run --redact`, no name or email
is anywhere in summary.xlsx / problems.xlsx (every part of the package: sheets, shared strings,
relationships and their hyperlink targets, tables, defined names, document properties) nor in
any page of the HTML review. The check unzips and greps every part of every file written."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import unicodedata
import urllib.parse
import zipfile
from pathlib import Path

from promopacket.read.writer import write_input_workbook
from tests.conftest import achievement, feedback, meeting, person, team

EXE = Path(sys.executable).parent / "promopacket"
SECRETS = (
    "Ana García",
    "García",
    "Bo Lind",
    "Lind",
    "Renée Çelik",
    "Çelik",
    "Omar Haddad",
    "Haddad",
    "Zofia Nowak",
    "Nowak",
    "Kwame Mensah",
    "Mensah",
    "ana.garcia@corp.example",
    "renee.celik@corp.example",
    "corp.example",
)


def _forms(text: str) -> set[str]:
    """The text, and as it may be spelled in a package: XML entities, %-escapes, ASCII."""
    plain = html.unescape(urllib.parse.unquote(text))
    folded = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    return {text, plain, folded, re.sub(r"[-_]+", " ", folded)}


def _pattern() -> re.Pattern:
    words = set()
    for secret in SECRETS:
        words |= _forms(secret)
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w.]){alternatives}(?!\w)", re.IGNORECASE)


def _parts(path: Path) -> list[tuple[str, str]]:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as package:
            return [(n, package.read(n).decode("utf-8", "replace")) for n in package.namelist()]
    return [("", path.read_text(encoding="utf-8", errors="replace"))]


def test_redact_leaves_no_name_or_email_in_any_part_of_the_summaries(tmp_path):
    inputs = tmp_path / "inputs" / "Ana García team"  # a folder named after someone, too
    write_input_workbook(
        inputs / "Ana García.xlsx",
        {
            "People": [
                person(
                    person_id="p1",
                    name="Ana García",
                    email="ana.garcia@corp.example",
                    manager_name="Renée Çelik",
                    manager_email="renee.celik@corp.example",
                ),
                person(person_id="p2", name="Bo Lind", email="bo@@corp.example"),
            ],
            "Achievements": [
                achievement(person_id="p1", statement="Ana García helped Bo Lind ship it"),
                achievement(person_id="p2", baseline="fifty"),  # a problem: a linked cell
                achievement(person_id="p2", statement="Helped Renée Çelik's team"),
            ],
            "Team": [team()],
            "Meetings": [
                meeting(person_id="p1", with_name="Omar Haddad", key_points="Omar Haddad: go"),
                meeting(person_id="p2", with_name="Renée Çelik"),
            ],
            "Feedback": [  # a quote's author, and a name inside a quote, are redacted too
                feedback(person_id="p1", from_name="Zofia Nowak", quote="Ana García and I ship"),
                feedback(person_id="p2", from_name="Kwame Mensah", relationship="pear"),
                feedback(person_id="p2", from_name="Omar Haddad", relationship="peer"),
            ],
        },
    )
    outputs = tmp_path / "outputs"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(tmp_path / ".prefect"), PROMOPACKET_DATA_DOCS="false")
    done = subprocess.run(
        [str(EXE), "run", str(inputs), "--outputs", str(outputs), "--redact"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stdout + done.stderr[-2000:]  # one rejected row
    (folder,) = [p for p in outputs.iterdir() if not p.name.startswith(".")]
    written = [folder / "summary.xlsx", folder / "problems.xlsx"]
    written += sorted((folder / "review").rglob("*.*"))
    assert all(p.is_file() for p in written) and len(written) > 3, written
    with zipfile.ZipFile(folder / "problems.xlsx") as package:
        assert any("_rels/" in n for n in package.namelist())

    secret = _pattern()
    leaks = []
    for path in written:
        for part, text in _parts(path):
            for form in _forms(text):
                for found in secret.finditer(form):
                    context = form[max(0, found.start() - 50) : found.end() + 30]
                    leaks.append((path.name, part, found[0], context))
    assert not leaks, leaks[:10]
