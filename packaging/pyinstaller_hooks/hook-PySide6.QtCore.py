"""Replaces PyInstaller's hook for PySide6.QtCore so build.spec can keep only some of Qt's own translations.

The stock hook collects every ``qt_*.qm`` and ``qtbase_*.qm`` (about 100 files, 7 MB). This one collects the
same, then keeps only the ``.qm`` files for the languages listed in build.spec's
``hooksconfig["fieldkit-qt"]["qt_translations"]`` (and never ``qt_help_*.qm``, which the ``qt_*`` pattern sweeps
in for Qt Assistant). Without that entry everything is kept.
"""

from pathlib import PurePath

from PyInstaller.utils.hooks import get_hook_config
from PyInstaller.utils.hooks.qt import add_qt6_dependencies


def _keep(name, suffixes):
    if not name.endswith(".qm"):
        return True
    return name.endswith(suffixes) and not name.startswith("qt_help_")


def hook(hook_api):
    hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
    languages = get_hook_config(hook_api, "fieldkit-qt", "qt_translations")
    if languages is not None:
        suffixes = tuple(f"_{lang}.qm".lower() for lang in languages)
        datas = [(src, dest) for src, dest in datas if _keep(PurePath(src).name.lower(), suffixes)]
    hook_api.add_imports(*hiddenimports)
    hook_api.add_binaries(binaries)
    hook_api.add_datas(datas)
