"""Everything that is not a widget. Nothing below this package may import PySide6."""
