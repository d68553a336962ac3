"""Stage 7, build: one person's documents, incrementally.

`person_documents` builds statements, case, contexts, Word annotations and the record;
`build_person` writes them, and the manifest, journal, build records and worker pool decide
what needs building. Entry: `build_person(bundle, out_dir, settings) → PersonResult`.
"""

from promopacket.core.lazy import exports

__all__ = ["build_person", "person_documents"]
__getattr__, __dir__ = exports(
    __name__,
    {
        "build_person": "promopacket.build.person",
        "person_documents": "promopacket.build.person",
    },
)
