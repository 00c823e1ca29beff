"""Replaces PyInstaller's hook for PySide6.QtGui so build.spec can leave out Qt plugins fieldkit never loads.

It collects exactly what the stock hook collects (``add_qt6_dependencies``), then drops the plugins named in
build.spec's ``hooksconfig["fieldkit-qt"]``. Dropping them here, before PyInstaller analyses the plugins' own
library dependencies, also keeps out what only they pull in (the GTK stack behind the gtk3 theme, Wayland
client libraries, EGL device integration). Without that hooksconfig entry nothing is dropped.
"""

from fnmatch import fnmatch
from pathlib import PurePath

from PyInstaller.utils.hooks import get_hook_config, logger
from PyInstaller.utils.hooks.qt import add_qt6_dependencies


def _plugin_type(dest_dir):
    parts = PurePath(dest_dir).parts
    if "plugins" not in parts:
        return None
    return "/".join(parts[parts.index("plugins") + 1:])


def _keep(src, dest_dir, drop_types, platforms, drop_files):
    kind = _plugin_type(dest_dir)
    if kind is None:
        return True
    name = PurePath(src).name.lower()
    if kind in drop_types:
        return False
    if kind == "platforms" and platforms is not None and not any(p in name for p in platforms):
        return False
    return not any(fnmatch(name, pattern) for pattern in drop_files)


def hook(hook_api):
    hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
    drop_types = set(get_hook_config(hook_api, "fieldkit-qt", "drop_plugin_types") or ())
    platforms = get_hook_config(hook_api, "fieldkit-qt", "platforms")
    drop_files = get_hook_config(hook_api, "fieldkit-qt", "drop_plugins") or ()
    kept = [(src, dest) for src, dest in binaries if _keep(src, dest, drop_types, platforms, drop_files)]
    dropped = sorted(PurePath(src).name for src, dest in binaries if (src, dest) not in kept)
    if dropped:
        logger.info("fieldkit-qt: leaving out %d Qt plugins: %s", len(dropped), ", ".join(dropped))
    hook_api.add_imports(*hiddenimports)
    hook_api.add_binaries(kept)
    hook_api.add_datas(datas)
