"""Synthesis: from coded segments to theme counts, Dutch quantifiers and quotes (pure functions).

The input contract is :mod:`workbench.synthesis.inputs`; the project adaptor that fills it is
:mod:`workbench.synthesis.project` (lead's).
"""
