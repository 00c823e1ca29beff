"""The PySide6 desktop application: thin, calls fieldkit.core."""
