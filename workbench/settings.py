"""``workbench.toml`` as one typed model: every section, key, type, range and default lives here.

A project's settings are validated once, when the project is found (``Project.locate``). A wrong
value is one line naming the file, the key, what is wrong and the default::

    workbench.toml: [import] max_segment_chars = 'abc': input should be a valid integer (default: 600)

Unknown sections and keys are refused with the known ones listed, so a typo never passes silently.
The database URL is checked where it is used (``store/db.py``), which knows the drivers.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from workbench.errors import ProjectError

DEFAULT_MAX_SEGMENT_CHARS = 600
DEFAULT_DATABASE = "sqlite:///workbench.db"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class ProjectSection(_Section):
    name: str | None = Field(None, description="Shown in reports and exports; the folder name if unset.")
    # Any: the URL is checked by store/db.py, which names the driver and hides the password.
    database: Any = Field(DEFAULT_DATABASE, description="SQLAlchemy URL; a relative SQLite path is "
                          "relative to the project folder.")


class DatabaseSection(_Section):
    url: Any = Field(None, description="SQLAlchemy URL; overrides [project] database.")


class ImportSection(_Section):
    pseudonymise: bool = True
    max_segment_chars: int = Field(DEFAULT_MAX_SEGMENT_CHARS, ge=80, le=100_000,
                                   description="Longer turns are split at sentence boundaries.")
    allow: list[str] = Field(default_factory=list, description="Words never tagged.")
    deny: list[str] = Field(default_factory=list, description="Strings always replaced.")
    keep_employers: bool = Field(False, description="Keep employers on the packaged lexicon.")
    key_file: str | None = Field(None, description="Default for `import --key-file`.")

    @field_validator("allow", "deny")
    @classmethod
    def _no_blank_items(cls, value: list[str]) -> list[str]:
        return [v.strip() for v in value if v.strip()]


class SuggestSection(_Section):
    model: str = Field("default", min_length=1, description='"default", "e5", "minilm" or a model folder.')
    threshold: float | None = Field(None, ge=0.0, le=1.0, description="Score from which a code is suggested.")
    context: Literal["question", "none"] = "question"


class AgreementSection(_Section):
    red_below: float = Field(0.667, ge=-1.0, le=1.0, description="κ below this is flagged red.")
    green_from: float = Field(0.800, ge=-1.0, le=1.0, description="κ from this is flagged green.")
    min_positives: int = Field(5, ge=0, description="A code on fewer units is 'too few positives to judge'.")
    min_positive_share: float = Field(0.05, ge=0.0, le=1.0,
                                      description="A code with a lower prevalence is 'too few positives to judge' too.")

    @model_validator(mode="after")
    def _ordered(self) -> "AgreementSection":
        if self.red_below > self.green_from:
            raise ValueError(f"red_below ({self.red_below}) must not be above green_from ({self.green_from})")
        return self


class Limits(_Section):
    """The ``[limits]`` table (all optional; these are the defaults)."""

    max_file_mb: float = Field(50, gt=0, description="Largest input file on disk, in MB.")
    max_uncompressed_mb: float = Field(200, gt=0, description="Largest unpacked size of a .docx/.odt/.qdpx.")
    max_compression_ratio: float = Field(100, gt=1, description="Unpacked size / packed size of a zip file.")
    max_paragraphs: int = Field(200_000, gt=0, description="Paragraphs (or lines) in one file.")
    max_turn_chars: int = Field(100_000, ge=1000, le=500_000, description="Longer turns are split into several.")
    max_seconds_per_file: float = Field(600, gt=0, description="Wall-clock time to read one file.")

    @classmethod
    def of(cls, project) -> "Limits":
        return cls() if project is None else project.settings.limits


class Settings(_Section):
    """The whole of workbench.toml."""

    project: ProjectSection = ProjectSection()
    database: DatabaseSection = DatabaseSection()
    import_: ImportSection = Field(ImportSection(), alias="import")
    suggest: SuggestSection = SuggestSection()
    agreement: AgreementSection = AgreementSection()
    limits: Limits = Limits()

    @classmethod
    def from_toml(cls, data: dict, source: str = "workbench.toml") -> "Settings":
        """Validate parsed TOML; the first problem becomes one :class:`ProjectError` line."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise _one_line(exc.errors()[0], source) from None

    def section(self, name: str) -> _Section:
        field = "import_" if name == "import" else name
        if field not in type(self).model_fields:
            raise KeyError(name)
        return getattr(self, field)

    def value(self, section: str, key: str, default: Any = None) -> Any:
        """``[section] key``, or ``default`` when the key is unset and has no default of its own."""
        got = getattr(self.section(section), key, None)
        return default if got is None else got


def _section_model(name: str) -> type[BaseModel] | None:
    field = "import_" if name == "import" else name
    info = Settings.model_fields.get(field)
    return info.annotation if info is not None else None


def _known(model: type[BaseModel]) -> str:
    return ", ".join(info.alias or name for name, info in model.model_fields.items())


def _one_line(err: dict, source: str) -> ProjectError:
    loc = [str(p) for p in err["loc"]]
    if not loc:
        return ProjectError("settings must be TOML tables", path=source)
    section = loc[0]
    model = _section_model(section)
    if model is None:
        return ProjectError(f"unknown section [{section}]", path=source, hint=f"known: {_known(Settings)}")
    if len(loc) == 1:
        if err["type"].startswith("value_error") or err["type"] == "assertion_error":
            what = str(err.get("ctx", {}).get("error", err["msg"]))
            return ProjectError(f"[{section}] {what}", path=source)
        return ProjectError(f"[{section}] must be a table of settings", path=source)
    key = loc[1]
    if err["type"] == "extra_forbidden":
        return ProjectError(f"[{section}] has no setting '{key}'", path=source, hint=f"known: {_known(model)}")
    field = model.model_fields.get(key)
    value = None if field is None else field.get_default(call_default_factory=True)
    default = "" if value is None else f"default: {key} = {value!r}"
    what = err["msg"][0].lower() + err["msg"][1:]
    return ProjectError(f"[{section}] {'.'.join(loc[1:])} = {err.get('input')!r}: {what}", path=source,
                        hint=default or None)
