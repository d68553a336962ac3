"""Every document a reader gets, built once per test process: the example workbook's and each
shipped profile's starter workbook's packets, briefs and letters, as text dumps (body and Word
comments). The internals scan and the sentence check read these."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

from promopacket.build.person import build_person
from promopacket.profiles import cached_profiles
from promopacket.read.starter import write_starter
from promopacket.run.workbooks import load_and_validate, person_bundles
from promopacket.settings import Settings
from tests.docx_text import text_dump
from tests.example_docs import TODAY, example_bundles


def _build(bundles, out: Path, settings: Settings) -> dict[str, str]:
    dumps = {}
    for bundle in bundles:
        result = build_person(bundle, out, settings, today=TODAY)
        for file in map(Path, result.files):
            dumps[f"{Path(bundle.workbook).stem}/{bundle.person.person_id}/{file.name}"] = (
                text_dump(file)
            )
    return dumps


def starter_bundles(out: Path, settings: Settings):
    """(profile name, its starter workbook's people) for every shipped profile; the starter
    workbooks are written into `out`."""
    for name in sorted(cached_profiles(settings.rules_dir, settings.profiles_dir)):
        starter = write_starter(out / f"starter-{name}.xlsx", settings, profile=name)
        yield name, person_bundles(load_and_validate(starter, settings))


@lru_cache(maxsize=1)
def generated_documents() -> dict[str, str]:
    """'<workbook>/<person>/<file>' → the document's text dump, for every document built."""
    out = Path(tempfile.mkdtemp(prefix="promopacket-docs-"))
    settings = Settings(outputs_dir=out)
    dumps = _build(example_bundles(), out / "example", settings)
    for name, bundles in starter_bundles(out, settings):
        dumps.update(_build(bundles, out / name, settings))
    return dumps
