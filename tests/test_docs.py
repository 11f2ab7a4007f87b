"""Every setting and every CLI command is documented in the README."""

from pathlib import Path

from typer.main import get_command

from iprhub.cli.main import get_app
from iprhub.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"
        assert f"IPRHUB_{name.upper()}" in README, f"setting {name} missing from README"


def test_every_cli_command_is_documented():
    cli = get_command(get_app())
    for name in cli.commands:  # type: ignore[attr-defined]
        assert f"iprhub {name}" in README, f"command `iprhub {name}` missing from README"


def test_readme_opens_with_the_two_commands():
    block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]
