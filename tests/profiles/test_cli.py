"""A broken user profile folder stops the commands with located lines, never a traceback."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from promopacket.cli import app
from promopacket.cli import init as _init  # noqa: F401  (registers commands)
from promopacket.cli import validate as _validate  # noqa: F401
from promopacket.settings import Settings

runner = CliRunner()


def _broken_folder(tmp_path):
    folder = tmp_path / "ladders"
    folder.mkdir()
    data = yaml.safe_load((Settings().rules_dir / "profiles" / "sre.yaml").read_text())
    data["levers"].append({"name": "Develop people", "description": "twice"})
    (folder / "sre.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def test_broken_profiles_dir_stops_validate_and_init(tmp_path, make_workbook):
    env = {"PROMOPACKET_PROFILES_DIR": str(_broken_folder(tmp_path)), "COLUMNS": "200"}
    checked = runner.invoke(app, ["validate", str(make_workbook())], env=env)
    assert checked.exit_code == 1
    assert f"{tmp_path}/ladders/sre.yaml:" in checked.output
    assert "levers: duplicate name 'Develop people'" in (checked.output)
    assert "Traceback" not in checked.output
    made = runner.invoke(app, ["init", str(tmp_path / "x.xlsx")], env=env)
    assert made.exit_code == 1 and "duplicate name 'Develop people'" in made.output
    assert not (tmp_path / "x.xlsx").exists()


def test_user_profile_drives_init_and_validate(tmp_path):
    folder = tmp_path / "ladders"
    folder.mkdir()
    data = yaml.safe_load(
        (Settings().rules_dir / "profiles" / "software-engineering.yaml").read_text()
    )
    data.update(name="acme-platform", label="Acme platform engineering")
    data["match"] = {
        "words": ["platform engineer"],
        "priority": 15,
        "examples": [{"title": "Staff Platform Engineer"}],
    }
    data["competencies"].append({"name": "Golden paths", "description": "Service templates."})
    (folder / "acme-platform.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    env = {"PROMOPACKET_PROFILES_DIR": str(folder), "COLUMNS": "200"}
    target = tmp_path / "acme.xlsx"
    made = runner.invoke(app, ["init", "--profile", "acme-platform", str(target)], env=env)
    assert made.exit_code == 0, made.output
    checked = runner.invoke(app, ["validate", str(target)], env=env)
    assert checked.exit_code == 0, checked.output
    assert "profile acme-platform (People.profile)" in checked.output
    # Priority 15: above software-engineering (10), below data-engineering (20).
    from promopacket.profiles import choose_profile, load_profiles

    profiles = load_profiles(Settings().rules_dir, folder)
    assert choose_profile(profiles, target_title="Staff Platform Engineer").name == "acme-platform"
    assert choose_profile(profiles, target_title="Lead Data Platform Engineer").name == (
        "data-engineering"
    )
