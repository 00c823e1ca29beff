"""Replaces PyInstaller's hook for python-docx, whose Word reports failed in the bundle.

The stock hook collects ``docx/templates/*`` but leaves every module in the code archive, so the folder
``docx/parts/`` does not exist in the bundle. python-docx finds the templates for a new header, footer,
styles, settings or comments part as ``docx/parts/../templates/...``, and the operating system cannot walk
``..`` out of a folder that does not exist: writing a report with a header ended in FileNotFoundError.
Collecting ``docx.parts`` also as source files (``pyz+py``: still imported from the archive) creates that
folder; it adds about 50 kB. tests/test_bundle.py writes a Word report with the bundled app.
"""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("docx")
module_collection_mode = {"docx.parts": "pyz+py"}
