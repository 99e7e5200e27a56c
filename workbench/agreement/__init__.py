"""Inter-coder agreement: percent agreement, Cohen's κ and Krippendorff's α per code.

Modules: ``units`` (the input table and its CSV reader), ``metrics`` (the computation),
``results`` (result dataclasses, flag thresholds), ``layout`` (table rows and number
formatting), ``export`` (CSV and Word), ``project`` (reading units from a project).
"""

from workbench.agreement.export import (
    add_agreement_table,
    export_agreement,
    export_agreement_csv,
    export_agreement_docx,
)
from workbench.agreement.metrics import cohen_kappa, compute_agreement, krippendorff_alpha
from workbench.agreement.results import (
    UNIT_BASIS,
    AgreementResult,
    CodeAgreement,
    MacroAverage,
    PairAgreement,
    Thresholds,
)
from workbench.agreement.units import UnitTable, read_units_csv, write_units_csv

__all__ = [
    "UNIT_BASIS", "AgreementResult", "CodeAgreement", "MacroAverage", "PairAgreement",
    "Thresholds", "UnitTable", "add_agreement_table", "cohen_kappa", "compute_agreement",
    "export_agreement", "export_agreement_csv", "export_agreement_docx", "krippendorff_alpha",
    "read_units_csv", "write_units_csv",
]
