"""Word report: ``build_report(inp, out, config)`` writes a draft chapter in the house style."""

from workbench.report.builder import build_report
from workbench.synthesis.config import ReportConfig, load_config

__all__ = ["build_report", "ReportConfig", "load_config"]
