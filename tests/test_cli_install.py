"""The install the README gives: a virtual environment first, a user install without test tools.

The install itself is checked by CI (`.ci/run`) and by hand in a fresh
virtual environment; these tests keep the README and pyproject.toml saying
what was checked.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _project() -> dict[str, object]:
    with open(REPO / "pyproject.toml", "rb") as fh:
        project = tomllib.load(fh)["project"]
    assert isinstance(project, dict)
    return project


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _quick_start() -> list[str]:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)


def test_the_quick_start_creates_a_virtual_environment_before_installing():
    install, tests = _quick_start()[:2]
    steps = [s.strip() for s in install.split("&&")]
    assert steps[0].startswith("python3 -m venv ")
    assert any("activate" in s for s in steps[:2])
    assert steps.index(next(s for s in steps if "install -e '.[test]'" in s)) > 0
    assert steps[-1] == "morgue"  # it opens the explorer on the bundled seeds/
    assert tests.strip() == "python -m pytest -n auto"  # a worker per core: CI's 10 minutes


def test_ci_runs_the_readmes_test_command_as_written():
    tests = _quick_start()[1].strip()
    assert f"\n{tests}\n" in (REPO / ".ci" / "run").read_text()


def test_a_user_install_brings_no_test_tools():
    project = _project()
    test_tools = {_name(r) for r in project["optional-dependencies"]["test"]}  # type: ignore[index]
    dependencies = {_name(r) for r in project["dependencies"]}  # type: ignore[union-attr]
    assert test_tools and not test_tools & dependencies
    readme = (REPO / "README.md").read_text()
    assert "pipx install ." in readme and "python -m pip install ." in readme


def test_the_html_cleaner_is_a_dependency_whatever_pip_makes_of_lxml_extras():
    dependencies = {_name(r) for r in _project()["dependencies"]}  # type: ignore[union-attr]
    assert "lxml-html-clean" in dependencies
