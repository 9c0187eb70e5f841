"""The documentation keeps up with the code: every command, option and setting is described in docs/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from servanda.cli.app import app
from servanda.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CLI_DOC = (DOCS / "cli.md").read_text(encoding="utf-8")


def _commands() -> dict[str, list[str]]:
    """Each command's name ("user add" for a subcommand) and the option names it takes, read from the Typer app."""
    found = {}
    pending = [("", typer.main.get_command(app))]
    while pending:
        prefix, group = pending.pop()
        for name, command in group.commands.items():
            if hasattr(command, "commands"):  # a group of subcommands: `servanda user add`
                pending.append((f"{prefix}{name} ", command))
                continue
            found[f"{prefix}{name}"] = [
                option
                for parameter in command.params
                for option in parameter.opts
                if option.startswith("--") and option != "--help"
            ]
    return found


def _section(command: str) -> str:
    """The part of docs/cli.md under the heading of `servanda COMMAND`."""
    match = re.search(rf"^### `servanda {re.escape(command)}\b[^\n]*\n(.*?)(?=^#|\Z)", CLI_DOC, re.M | re.S)
    assert match, f"docs/cli.md has no '### `servanda {command} ...`' heading"
    return match.group(1)


COMMANDS = _commands()


def test_the_app_has_the_commands_we_expect():
    assert {"ingest", "extract", "demo", "list", "show", "documents", "document", "export", "eval"} <= set(COMMANDS)
    assert {"user add", "user list", "user disable", "user password", "token create", "token revoke"} <= set(COMMANDS)
    assert {"org add", "widen", "audit verify", "audit checkpoint", "audit show"} <= set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_and_its_options_are_in_cli_md(command: str):
    section = _section(command)
    missing = [option for option in COMMANDS[command] if f"`{option}" not in section and option not in section]
    assert not missing, f"docs/cli.md does not describe {', '.join(missing)} of `servanda {command}`"


def test_global_options_are_in_cli_md():
    group = typer.main.get_command(app)
    for parameter in group.params:
        for option in parameter.opts:
            assert f"`{option}`" in CLI_DOC, f"docs/cli.md does not describe the global option {option}"


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_in_configuration_md(field: str):
    variable = f"SERVANDA_{field.upper()}"
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert f"`{variable}`" in text, f"docs/configuration.md does not describe {variable}"


def test_readme_links_to_every_page_in_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in sorted(DOCS.glob("*.md")):
        assert f"docs/{page.name}" in readme, f"README.md does not link to docs/{page.name}"


def test_relative_links_in_docs_point_at_files():
    for page in [ROOT / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if target.startswith("../../shared/") or target.startswith("../shared/"):
                continue  # the annotation guide lives beside the repository, not in it
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_the_tests_security_md_names_exist():
    text = (DOCS / "security.md").read_text(encoding="utf-8")
    named, current = [], None
    # `tests/test_x.py::test_y` names a test; a following `::test_z` names another in the same file.
    for path, name, shorthand in re.findall(r"`(tests/\w+\.py)(?:::(\w+))?`|`::(\w+)`", text):
        current = path or current
        if name or shorthand:
            named.append((current, name or shorthand))
    assert len(named) > 20
    for path, name in named:
        assert path is not None and (ROOT / path).exists(), f"security.md names a missing file {path}"
        assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), f"security.md names missing {path}::{name}"
