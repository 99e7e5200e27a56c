"""Codebook stage: format, validation, REFI-QDA exchange.

Public API (see docs/codebook-format.md):

* :func:`load_codebook`, :func:`loads_codebook`, :func:`validate_file`, :func:`parse_file`
* :func:`check_codebook` (rules between codes for an in-memory codebook)
* :func:`dump_yaml`, :func:`to_qdc`, :func:`read_qdc`, :func:`read_qdc_file`, :func:`from_qdc`
* :func:`code_guid`, :func:`codebook_json_schema`
"""
from workbench.codebook.ids import code_guid, slugify
from workbench.codebook.loader import (
    load_codebook,
    loads_codebook,
    parse_file,
    parse_text,
    read_codebook_file,
    validate_file,
)
from workbench.codebook.model import Code, Codebook, codebook_json_schema
from workbench.codebook.qdc import QdcImport, from_qdc, read_qdc, read_qdc_file, to_qdc
from workbench.codebook.validate import CodebookError, Problem, check_codebook
from workbench.codebook.yaml_io import dump_yaml

__all__ = [
    "Code", "Codebook", "CodebookError", "Problem", "QdcImport",
    "check_codebook", "code_guid", "codebook_json_schema", "dump_yaml", "from_qdc",
    "load_codebook", "loads_codebook", "parse_file", "parse_text", "read_codebook_file",
    "read_qdc", "read_qdc_file", "slugify", "to_qdc", "validate_file",
]
