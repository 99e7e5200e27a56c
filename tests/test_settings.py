"""Issue 16: workbench.toml is one typed model; a wrong value is one line and changes nothing."""

import pytest

from hostile import fingerprint, one_line_error, run
from workbench.settings import Settings
from workbench.store.project import Project


def _edit(project, old: str, new: str) -> None:
    cfg = project.root / "workbench.toml"
    text = cfg.read_text(encoding="utf-8")
    assert old in text, old
    cfg.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(project, text: str) -> None:
    with open(project.root / "workbench.toml", "a", encoding="utf-8") as fh:
        fh.write("\n" + text + "\n")


def _refused(project, *needles, args=("transcripts",)):
    before = fingerprint(project.root)
    res = run(*args, "--project", project.root)
    line = one_line_error(res, "workbench.toml", *needles)
    assert fingerprint(project.root) == before
    return line


def test_the_written_template_validates_to_the_documented_defaults(project):
    s = project.settings
    assert s.import_.max_segment_chars == 600 and s.import_.pseudonymise is True
    assert s.suggest.model == "default" and s.suggest.context == "question" and s.suggest.threshold is None
    assert (s.agreement.red_below, s.agreement.green_from) == (0.667, 0.8)
    assert s.limits.max_file_mb == 50
    assert project.setting("suggest", "threshold", 0.4) == 0.4  # unset: the caller's default


@pytest.mark.parametrize("old,new,needles", [
    ("max_segment_chars = 600", 'max_segment_chars = "abc"', ["[import] max_segment_chars = 'abc'", "integer",
                                                              "default: max_segment_chars = 600"]),
    ("max_segment_chars = 600", "max_segment_chars = 5", ["[import] max_segment_chars = 5", "greater than"]),
    ("pseudonymise = true", 'pseudonymise = "misschien"', ["[import] pseudonymise", "boolean"]),
    ('context = "question"', 'context = "vraag"', ["[suggest] context = 'vraag'", "'question' or 'none'"]),
    ("red_below = 0.667", "red_below = 0.9", ["[agreement]", "red_below (0.9) must not be above green_from"]),
    ("allow = []", 'allow = "Jan"', ["[import] allow = 'Jan'", "list"]),
])
def test_a_wrong_value_is_one_line_naming_the_key(project, old, new, needles):
    _edit(project, old, new)
    _refused(project, *needles)


def test_a_misspelt_key_is_refused_with_the_known_keys(project):
    _edit(project, "max_segment_chars = 600", "max_segment_char = 600")
    line = _refused(project, "[import] has no setting 'max_segment_char'", "known:", "max_segment_chars")
    assert "Traceback" not in line


def test_an_unknown_section_is_refused(project):
    _append(project, "[sugest]\nmodel = 'e5'")
    _refused(project, "unknown section [sugest]", "known:", "suggest")


def test_a_threshold_out_of_range_is_refused_by_every_command(project):
    _append(project, "[limits]\nmax_file_mb = 10")
    _edit(project, "# threshold = 0.4", "threshold = 4 #")
    _refused(project, "[suggest] threshold = 4", "less than or equal to 1")
    _refused(project, "[suggest] threshold = 4", args=("segments",))


def test_a_valid_change_is_used(project):
    _edit(project, "max_segment_chars = 600", "max_segment_chars = 200")
    _edit(project, 'deny = []', 'deny = ["  Zwanenburg ", ""]')
    again = Project.open(project.root)
    try:
        assert again.setting("import", "max_segment_chars") == 200
        assert again.setting("import", "deny") == ["Zwanenburg"]
    finally:
        again.close()


def test_the_model_is_the_one_place_defaults_live():
    blank = Settings.from_toml({})
    assert blank.value("import", "max_segment_chars") == 600
    with pytest.raises(KeyError):
        blank.section("nergens")
