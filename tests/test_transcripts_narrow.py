"""`workbench transcripts` keeps transcript names whole in an 80-column terminal."""

from typer.testing import CliRunner

from tests.helpers import make_project
from workbench.cli.main import app

NAME = "uitwerking_gesprek_deelnemer_2025-03-12_definitief.txt"


def test_names_are_not_cut_at_80_columns(project, tmp_path):
    make_project(project, tmp_path, name=NAME)
    for width in ("80", "160"):
        res = CliRunner().invoke(app, ["transcripts", "--project", str(project.root)], env={"COLUMNS": width})
        assert res.exit_code == 0, res.output
        assert NAME in res.output and "…" not in res.output
