"""reportgen: Danish committee notes (orienteringer and notater) as PDF from YAML and data."""

__version__ = "0.1.0"
