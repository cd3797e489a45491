"""FBSS Desktop: consult record and treatment planning for persistent pain after spine surgery."""

__version__ = "0.1.0"
