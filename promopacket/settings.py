"""One settings object for every path and limit (env prefix PROMOPACKET_)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Word templates, rules and profiles ship inside the package (templates/), so a
# wheel runs anywhere; settings point elsewhere for a user's own.
PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_TEMPLATES = PACKAGE_DIR / "templates"


class Settings(BaseSettings):
    """Paths and limits. Override with PROMOPACKET_<NAME> environment variables."""

    model_config = SettingsConfigDict(env_prefix="PROMOPACKET_", extra="ignore")

    inputs_dir: Path = Path("inputs")
    outputs_dir: Path = Path("outputs")
    templates_dir: Path = SHIPPED_TEMPLATES
    # Extra or overriding rule files (same format as templates/rules/), validated the same way.
    user_rules_dir: Path | None = None
    # Extra or overriding role profiles (same format as templates/rules/profiles/), validated the
    # same way; a file named like a shipped profile replaces it.
    profiles_dir: Path | None = None
    # Prefect keeps its database and logs here, never in the user's home.
    prefect_home: Path = Path(".prefect")

    # Also convert every document to PDF with LibreOffice (`run --pdf`).
    pdf: bool = False
    # Add the dated compensation reference (templates/rules/compensation.yaml) to briefs.
    compensation: bool = False
    # Word comments (original, rule, arithmetic, score) on the committee's packet too (`run
    # --review`); the brief always has them.
    review: bool = False
    # The committee's packet shows only meetings with the person's line manager; true adds
    # every meeting (another team's head, a skip-level) to its plan and readiness.
    packet_all_meetings: bool = False
    # Write Great Expectations Data Docs (HTML) to outputs/<workbook>/validation/ on `run`;
    # rebuilt only when the workbook changes.
    data_docs: bool = True
    # Worker processes that build people (`run --processes N`): 0 chooses — one per core (up
    # to 4) when 20 or more people are to be built, else this process; 1 keeps every build in
    # this process.
    processes: int = Field(default=0, ge=0)

    # Limits on what a workbook may hold; each has a clear message naming its variable.
    max_file_mb: float = Field(default=50.0, gt=0)
    # An .xlsx is a zip: what its parts add up to once unpacked (zip bombs are refused anyway).
    max_unpacked_mb: float = Field(default=500.0, gt=0)
    max_rows_per_sheet: int = Field(default=20_000, gt=0)
    max_cell_chars: int = Field(default=20_000, gt=0)

    # Summaries (summary.xlsx, problems.xlsx, --json) with names and emails replaced by ids.
    redact: bool = False

    @property
    def rules_dir(self) -> Path:
        # A custom templates folder may hold only the .docx files: rules then come from ours.
        custom = self.templates_dir / "rules"
        return custom if custom.is_dir() else SHIPPED_TEMPLATES / "rules"


def get_settings(**overrides: object) -> Settings:
    return Settings(**overrides)
