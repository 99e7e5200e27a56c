"""Issue 16, part 2: limits on every input, checked before parsing; patterns that cannot hang."""

import time
import zipfile

import pytest

from hostile import fingerprint, one_line_error, run

TURN = "Interviewer: Hoe ging het?\n\nRespondent: Het ging goed met mij, ik werk nu drie dagen.\n"


def limits(project, **values):
    with open(project.root / "workbench.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[limits]\n" + "".join(f"{k} = {v}\n" for k, v in values.items()))


def docx(path, body: bytes):
    """A minimal .docx whose document.xml is ``body`` (deflated, so repetitive bodies bomb)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"/>')
        zf.writestr("word/document.xml", body)
    return path


def refused(project, path, *needles):
    before = fingerprint(project.root)
    res = run("import", path, "--no-pseudonymise", "--project", project.root)
    assert res.exit_code == 1, res.output
    line = next(ln for ln in res.stderr.splitlines() if ln.startswith("failed"))
    for needle in needles:
        assert needle in line, line
    assert "Traceback" not in res.output
    assert fingerprint(project.root) == before
    return line


def test_a_file_over_the_size_limit_is_refused_before_reading(project, tmp_path):
    limits(project, max_file_mb=0.01)
    big = tmp_path / "groot.txt"
    big.write_text(TURN * 200, encoding="utf-8")
    refused(project, big, "over the limit of 0.01 MB", "max_file_mb")


def test_a_zip_bomb_is_refused_from_the_zip_directory(project, tmp_path):
    limits(project, max_uncompressed_mb=1)
    bomb = docx(tmp_path / "bom.docx", b"<w:document>" + b" " * (3 * 1024 * 1024) + b"</w:document>")
    assert bomb.stat().st_size < 20_000
    refused(project, bomb, "unpacks to 3 MB, over the limit of 1 MB")


def test_a_highly_compressed_docx_is_refused(project, tmp_path):
    bomb = docx(tmp_path / "ratio.docx", b"<w:document>" + b"A" * (2 * 1024 * 1024) + b"</w:document>")
    refused(project, bomb, "compressed", "zip bomb", "max_compression_ratio")


def test_too_many_paragraphs_are_refused_before_parsing(project, tmp_path, monkeypatch):
    limits(project, max_paragraphs=1000, max_compression_ratio=100000)
    many = docx(tmp_path / "alinea.docx", b"<w:document><w:body>" + b"<w:p/>" * 1500 + b"</w:body></w:document>")
    import workbench.ingest.readers.docx as reader

    monkeypatch.setattr(reader, "read_docx", lambda *a, **k: pytest.fail("parsed before the count"))
    refused(project, many, "more than 1,000 paragraphs")
    lines = tmp_path / "regels.txt"
    lines.write_text("Respondent: ja\n" * 1200, encoding="utf-8")
    refused(project, lines, "more than 1,000 lines")


def test_a_long_turn_is_split_and_never_reaches_spacy_whole(project, tmp_path):
    from workbench.store.transcripts import list_segments

    limits(project, max_turn_chars=1000)
    sentence = "Ik wilde meteen weer aan het werk, maar dat ging niet zomaar. "
    f = tmp_path / "lang.txt"
    f.write_text("Interviewer: Vertel.\n\nRespondent: " + sentence * 100 + "\n", encoding="utf-8")
    res = run("import", f, "--no-pseudonymise", "--project", project.root)
    assert res.exit_code == 0, res.output
    segments = list_segments(project, codable_only=True)
    assert segments and all(len(s.text) <= 600 for s in segments)
    assert sum(len(s.text) for s in segments) >= len(sentence.strip()) * 99


def test_sentence_spans_of_a_million_characters():
    from workbench.ingest.segment import sentence_spans

    text = "Dit is een zin. " * 70_000  # 1.12 M characters: spaCy alone raises E088
    spans = sentence_spans(text)
    assert len(spans) == 70_000 and text[spans[-1][0]:spans[-1][1]] == "Dit is een zin."


def test_split_text_cuts_at_sentences_then_spaces():
    from workbench.ingest.limits import split_text

    pieces = split_text("Een. Twee drie vier. " * 100, 1000)
    assert all(len(p) <= 1000 for p in pieces) and all(p.endswith(".") for p in pieces)
    assert split_text("woord " * 500, 1000)[0].endswith("woord")
    assert [len(p) for p in split_text("x" * 2500, 1000)] == [1000, 1000, 500]


def test_a_file_that_takes_too_long_is_stopped(project, tmp_path, monkeypatch):
    import workbench.ingest.readers as readers

    limits(project, max_seconds_per_file=0.2)
    monkeypatch.setattr(readers, "_reader", lambda ext: lambda *a, **k: time.sleep(5))
    f = tmp_path / "traag.txt"
    f.write_text(TURN, encoding="utf-8")
    started = time.monotonic()
    refused(project, f, "took longer than 0.2 s", "max_seconds_per_file")
    assert time.monotonic() - started < 4


def test_a_wrong_limit_value_is_one_line(project, tmp_path):
    limits(project, max_file_mb='"veel"')
    f = tmp_path / "a.txt"
    f.write_text(TURN, encoding="utf-8")
    res = run("import", f, "--project", project.root)
    one_line_error(res, "workbench.toml", "max_file_mb", "'veel'")


# --------------------------------------------------------------------------------- keyword patterns
EVIL = r"^(\w+\s?)+$"
CODEBOOK = f"""name: boos
version: '1'
language: nl
codes:
  - id: a
    label: A
    definition: Iets.
    keywords:
      - werk
      - '{EVIL}'
"""


def test_validate_refuses_a_catastrophic_keyword_with_its_line(tmp_path):
    f = tmp_path / "boos.yaml"
    f.write_text(CODEBOOK, encoding="utf-8")
    res = run("codebook", "validate", f)
    assert res.exit_code == 1
    assert f"{f}:10: code 'a': keyword '{EVIL}' is refused: it repeats a part that itself repeats" in res.output


def test_load_refuses_it_and_the_project_is_unchanged(project, tmp_path):
    f = tmp_path / "boos.yaml"
    f.write_text(CODEBOOK, encoding="utf-8")
    before = fingerprint(project.root)
    one_line_error(run("codebook", "load", f, "--project", project.root), ":10:", "is refused")
    assert fingerprint(project.root) == before


def test_import_qdc_refuses_it(tmp_path):
    from workbench.codebook.model import Code, Codebook
    from workbench.codebook.qdc import to_qdc

    cb = Codebook(name="q", version="1", codes=[Code(id="a", label="A", definition="Iets.", keywords=[EVIL])])
    f = tmp_path / "boos.qdc"
    f.write_bytes(to_qdc(cb))
    res = run("codebook", "import-qdc", f, "--out", tmp_path / "uit.yaml")
    line = one_line_error(res, "code 'a'", "is refused")
    assert f"{f}:" in line and not (tmp_path / "uit.yaml").exists()


def test_the_engine_refuses_it_too():
    from workbench.errors import InputError
    from workbench.suggest.lexical import KeywordMatcher

    with pytest.raises(InputError, match="is refused"):
        KeywordMatcher(["a"], [[EVIL]])


@pytest.mark.parametrize("pattern,unsafe", [
    (EVIL, True), (r"(a+)+b", True), (r"(x\w+){2,}", True),
    (r"toeslag\w*", False), (r"\b(wil|wilde) (\w+ ){0,3}werken", False), (r"(a{2})+", False),
])
def test_nested_repetition_rule(pattern, unsafe):
    from workbench.codebook.patterns import unsafe_pattern

    assert bool(unsafe_pattern(pattern)) is unsafe


def test_a_long_parent_chain_validates_and_cycles_are_found(tmp_path):
    from workbench.codebook.loader import parse_text

    def chain(n, cycle=False):
        lines = ["name: chain", "version: '1'", "language: nl", "codes:"]
        for i in range(n):
            lines += [f"  - id: c{i}", f"    label: Code {i}", f"    definition: Definitie {i}."]
            if i or cycle:
                lines.append(f"    parent: c{(i - 1) % n}")
        return "\n".join(lines) + "\n"

    codebook, problems = parse_text(chain(400))
    assert problems == [] and len(codebook.flat()) == 400
    _, problems = parse_text(chain(400, cycle=True))
    assert len(problems) == 1  # one cycle, reported once, from its first line
    assert problems[0].message.startswith("parent cycle: c0 → c399")
    assert problems[0].message.count("→") == 400 and problems[0].line == 8
