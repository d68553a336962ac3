"""Word documents → PDF with LibreOffice headless: the real-client check and `run --pdf`.

Each call uses its own LibreOffice profile folder, so parallel conversions (one per person in a
flow) never share or lock a profile; a timeout stops a hung office process.
"""

from __future__ import annotations

import locale
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from promopacket.core.fsutil import atomic_write
from promopacket.core.lifetime import die_with_parent

SOFFICE_NAMES = ("soffice", "libreoffice")


class PdfError(RuntimeError):
    """LibreOffice could not convert a document."""


class PdfTimeout(PdfError, TimeoutError):
    """LibreOffice did not finish in time (transient: worth one retry)."""


def find_soffice() -> str | None:
    return next((p for p in map(shutil.which, SOFFICE_NAMES) if p), None)


def convert_to_pdf(
    docs: list[Path], out_dir: Path | None = None, timeout: float = 180
) -> list[Path]:
    """Convert each .docx to a PDF beside it (or in out_dir), written atomically."""
    docs = [Path(d) for d in docs]
    if not docs:
        return []
    if len({d.stem for d in docs}) < len(docs):  # same names from different folders
        return [pdf for doc in docs for pdf in convert_to_pdf([doc], out_dir, timeout)]
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(
            "LibreOffice is not installed: install it (Debian: apt-get install "
            "libreoffice-writer-nogui) or run without --pdf"
        )
    with tempfile.TemporaryDirectory(prefix="promopacket-pdf-") as work:
        profile = Path(work, "profile").as_uri()
        staging = Path(work, "out")
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(staging),
            *map(str, docs),
        ]
        env = {**os.environ, "HOME": work}  # LibreOffice writes caches under HOME
        if not _utf8_locale():  # under LANG=C LibreOffice cannot open a non-ASCII path
            env["LC_ALL"] = "C.UTF-8"
        done = _run_office(command, env, timeout, docs[0].name)
        results = []
        for doc in docs:
            made = staging / f"{doc.stem}.pdf"
            if not made.is_file() or made.stat().st_size == 0:
                detail = (done.stderr or done.stdout).strip()[-300:]
                raise PdfError(
                    f"LibreOffice did not convert {doc.name} ({detail or done.returncode})"
                )
            target = Path(out_dir or doc.parent) / made.name
            results.append(atomic_write(target, lambda tmp, src=made: shutil.copyfile(src, tmp)))
        return results


def _run_office(
    command: list[str], env: dict[str, str], timeout: float, name: str
) -> subprocess.CompletedProcess:
    """LibreOffice in a process group of its own, killed whole on a timeout or an error here
    (soffice is a launcher: office itself is its child); its death signal ends it with this
    process even when this one is SIGKILLed (promopacket.core.lifetime)."""
    office = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="replace",
        env=env,
        start_new_session=True,
        preexec_fn=die_with_parent,
    )
    try:
        stdout, stderr = office.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        message = f"LibreOffice took more than {timeout:.0f}s converting {name}"
        raise PdfTimeout(message) from None
    finally:
        _kill_group(office)
    return subprocess.CompletedProcess(command, office.returncode, stdout, stderr)


def _kill_group(office: subprocess.Popen) -> None:
    try:
        os.killpg(office.pid, signal.SIGKILL)  # a finished office may leave a helper behind
    except (ProcessLookupError, PermissionError, AttributeError):  # gone; or not POSIX
        pass
    if office.poll() is None:
        office.wait()


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def page_count(pdf_path: Path) -> int:
    """Pages in a PDF LibreOffice wrote (its page objects are not compressed)."""
    return len(_PAGE.findall(Path(pdf_path).read_bytes()))


def _utf8_locale() -> bool:
    return locale.getpreferredencoding(False).replace("-", "").lower() == "utf8"
