"""The package version, in one place (read by setup.cfg and the CLI)."""
__version__ = "0.2.0"
