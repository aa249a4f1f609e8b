"""DPO Desk: the desktop workbench of a Data Protection Officer under the GDPR."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dpo-desk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
