"""workbench: qualitative coding and synthesis for Dutch evaluation research."""

__version__ = "0.1.0"
