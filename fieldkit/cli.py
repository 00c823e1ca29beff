"""The command line: ``fieldkit [--workspace PATH] COMMAND ...``.

A thin layer over ``fieldkit.core``. Exit 0 on success, 1 on a user-facing error
(message on stderr, never a traceback), 2 on usage errors. ``--json`` prints one JSON
document on stdout, with Chinese kept as Chinese. Qt is imported only to start the GUI.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Sequence

_START = time.perf_counter()

from fieldkit import __version__  # noqa: E402
from fieldkit.core import i18n, paths, settings  # noqa: E402
from fieldkit.core.errors import FieldkitError  # noqa: E402
from fieldkit.core.i18n import tr  # noqa: E402


def _print_json(data: Any) -> None:
    if hasattr(sys.stdout, "reconfigure"):  # Chinese must survive a Windows code page
        sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _workspace_path(args: argparse.Namespace) -> Path:
    if args.workspace:
        return Path(args.workspace).expanduser()
    saved = settings.load().workspace
    if saved and not os.environ.get("FIELDKIT_WORKSPACE"):
        return Path(saved)
    return paths.default_workspace_path()


def _open(args: argparse.Namespace):
    from fieldkit.core.setup import open_workspace

    ws = open_workspace(_workspace_path(args))
    for notice in ws.notices:  # a foreign -wal set aside, an unclean last close, read-only
        sys.stderr.write(tr("fieldkit: {message}", message=notice.message()) + "\n")
    return ws


# -- commands -------------------------------------------------------------------------------

def cmd_check(args: argparse.Namespace) -> int:
    from fieldkit.core.store import maintenance

    with _open(args) as ws:
        report = maintenance.check(ws)
    if args.json:
        _print_json(report)
    else:
        print(tr("Workspace: {path}", path=report["path"]))
        print(tr("Schema version: {found} (this fieldkit supports {supported})",
                 found=report["schema_version"], supported=report["schema_version_supported"]))
        result = {"ok": tr("ok"), "damaged": tr("DAMAGED"),
                  "problems": tr("PROBLEMS FOUND")}[report["integrity"]]
        print(tr("Integrity: {result}", result=result))
        print(tr("Foreign-key problems: {count}", count=report["foreign_key_violations"]))
        for table, count in report["counts"].items():
            print(f"  {table}: {count}")
        unclean = report["last_unclean_close"]
        if unclean:
            print(tr("Last time it was not closed cleanly: found {found} (open since {since}).",
                     found=unclean.get("found", "?"), since=unclean.get("open_since") or "?"))
        if report["problems"]:
            print(tr("{count} problem(s) found:", count=report["problem_count"]))
            for problem in report["problems"]:
                print(f"  - {problem['message']}")
            print(tr("The workspace is damaged. Restore a backup (fieldkit restore BACKUP) and "
                     "keep this file for inspection."))
    return 0 if report["ok"] else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from fieldkit.core.store import maintenance

    with _open(args) as ws:
        target = maintenance.backup(ws, args.output, overwrite=args.force,
                                    even_if_damaged=args.force)
    if args.json:
        _print_json({"backup": str(target), "size_bytes": target.stat().st_size})
    else:
        print(tr("Backup written to {path}", path=str(target)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from fieldkit.core.store.restore import restore

    result = restore(args.backup, _workspace_path(args))
    if args.json:
        _print_json(result.to_dict())
    else:
        print(tr("Restored {backup} into {path}.", backup=str(result.backup),
                 path=str(result.path)))
        if result.kept:
            print(tr("The workspace as it was before is kept as {kept}.", kept=str(result.kept)))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from fieldkit.core.setup import open_workspace

    path = Path(args.path).expanduser()
    if path.exists():
        raise FieldkitError(i18n.N_("{path} already exists; fieldkit will not overwrite it."),
                            path=str(path))
    with open_workspace(path, create=True) as ws:
        info = {"path": str(ws.path), "workspace_id": ws.workspace_id,
                "schema_version": ws.schema_version}
    if args.json:
        _print_json(info)
    else:
        print(tr("New workspace created at {path}", path=info["path"]))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from fieldkit.core import demo
    from fieldkit.core.setup import open_workspace

    path = Path(args.workspace).expanduser() if args.workspace else \
        paths.data_dir() / "demo.fieldkit"
    if not args.workspace:
        path.parent.mkdir(parents=True, exist_ok=True)
    with open_workspace(path, create=True) as ws:
        counts = demo.build_demo(ws)
    if args.json:
        _print_json({"path": str(path), "counts": counts})
    elif args.no_gui:
        print(tr("Demo workspace ready at {path}", path=str(path)))
    if args.no_gui:
        return 0
    return _launch_gui(args, path)


def _launch_gui(args: argparse.Namespace, path: Path | None = None) -> int:
    if _no_display():  # Qt would abort with SIGABRT and a misleading hint about libxcb
        raise FieldkitError(i18n.N_(
            "No screen was found (no DISPLAY or WAYLAND_DISPLAY), so the desktop app cannot "
            "start. Run fieldkit from a desktop session, or use its commands: fieldkit --help "
            "lists them."))
    gc.disable()  # see fieldkit.ui.app.resume_gc
    from fieldkit.ui.opening import start_opening

    explicit = bool(args.workspace or path)
    workspace = path or _workspace_path(args)
    opening = start_opening(workspace, explicit)  # runs on its own thread while Qt loads
    from fieldkit.ui.app import run

    return run(workspace=workspace, language=args.lang, quit_after_show=args.quit_after_show,
               started=_START, explicit_workspace=explicit, opening=opening)


def _no_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# -- parser ---------------------------------------------------------------------------------

# argparse's own words, so `fieldkit --help` and usage errors read right in Chinese too.
ARGPARSE_TEXTS = (
    i18n.N_("usage: "), i18n.N_("positional arguments"), i18n.N_("options"),
    i18n.N_("show this help message and exit"), i18n.N_("show program's version number and exit"),
    i18n.N_("the following arguments are required: %s"), i18n.N_("unrecognized arguments: %s"),
    i18n.N_("invalid choice: %(value)r (choose from %(choices)s)"),
    i18n.N_("expected one argument"), i18n.N_("argument %(argument_name)s: %(message)s"),
)
argparse._ = lambda text: i18n.translate(text)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2, no traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(tr("fieldkit: {message}", message=message) + "\n")
        raise SystemExit(2)


def _opens_the_app(argv: list[str]) -> bool:
    """Only global options (``--workspace``, ``--lang``, ``--quit-after-show``): the app opens,
    so the command groups' parsers need not be built (they cost start-up time)."""
    rest = iter(argv)
    for arg in rest:
        if arg in ("--workspace", "--lang"):
            if next(rest, None) is None:
                return False
        elif not (arg == "--quit-after-show" or arg.startswith(("--workspace=", "--lang="))):
            return False
    return True


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    parser = _Parser(prog="fieldkit", description=tr(
        "fieldkit: offline field surveys and problem ledgers for trade-union cadres. "
        "With no command, opens the desktop app."))
    parser.add_argument("--version", action="version", version=f"fieldkit {__version__}",
                        help=tr("show program's version number and exit"))
    parser.add_argument("--workspace", metavar="PATH",
                        help=tr("workspace file to use (default: FIELDKIT_WORKSPACE or the one "
                                "in your data folder)"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES),
                        help=tr("language of messages and of the app"))
    parser.add_argument("--quit-after-show", action="store_true",
                        help=tr("open the main window, then quit (for tests and timing)"))
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("check", help=tr("check the workspace's integrity and show counts"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", help=tr("write a safe copy of the workspace"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=tr("backup file"))
    p.add_argument("--force", action="store_true",
                   help=tr("overwrite FILE if it exists, and copy the workspace even if it "
                           "fails its check"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help=tr("put a backup back in place of the workspace (the "
                                          "current one is kept under a dated name)"))
    p.add_argument("backup", metavar="BACKUP", help=tr("backup file to restore"))
    p.add_argument("--workspace", dest="workspace", default=argparse.SUPPRESS, metavar="PATH",
                   help=tr("workspace to replace (default: the usual workspace)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("init", help=tr("create a new, empty workspace"))
    p.add_argument("path", metavar="PATH", help=tr("where to create it"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help=tr("create a demo workspace with example data and open it"))
    p.add_argument("--workspace", dest="workspace", default=argparse.SUPPRESS, metavar="PATH",
                   help=tr("where to create the demo workspace"))
    p.add_argument("--no-gui", action="store_true", help=tr("only create it; do not open the app"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_demo)

    from fieldkit import cli_forms

    cli_forms.register(sub, _Parser)
    from fieldkit import cli_responses

    cli_responses.register(sub, _Parser)
    from fieldkit import cli_report

    cli_report.register(sub, _Parser)
    from fieldkit import cli_work

    cli_work.register(sub, _Parser)
    from fieldkit import cli_interviews

    cli_interviews.register(sub, _Parser)

    p = sub.add_parser("gui", help=tr("open the desktop app (the default)"))
    p.set_defaults(func=lambda a: _launch_gui(a))
    return parser


def _language_from_argv(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return settings.load().language or i18n.system_language()


def _quiet_unraisable(unraisable: Any) -> None:
    """A file left half-written by a full disk fails again when Python tidies it up
    (``ZipFile.__del__``); that second failure must not print a traceback after the clear
    message already given."""


class _TerminalText:
    """Standard output on a terminal, without the control characters a stored text may hold
    (an ESC sequence in an old note or a synced problem would recolour or rewrite the
    user's terminal). Output to a file or a pipe is left exactly as written."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from fieldkit.core.plain_text import without_controls

        return self._stream.write(without_controls(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _guard_terminal() -> None:
    try:
        if sys.stdout is not None and sys.stdout.isatty():
            sys.stdout = _TerminalText(sys.stdout)
    except (AttributeError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    opens_the_app = _opens_the_app(argv)
    if opens_the_app:
        gc.disable()  # until the window is up: see fieldkit.ui.app.resume_gc
    else:
        gc.enable()   # a command runs with the collector, as any program
    sys.unraisablehook = _quiet_unraisable
    _guard_terminal()
    i18n.set_language(_language_from_argv(argv))
    args = build_parser(commands=not opens_the_app).parse_args(argv)
    if not hasattr(args, "workspace"):
        args.workspace = None
    try:
        if args.command is None:
            return _launch_gui(args)
        return args.func(args)
    except FieldkitError as exc:
        sys.stderr.write(tr("fieldkit: {message}", message=exc.message()) + "\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `fieldkit problems list | head`: the reader has all it wanted
        _silence_stdout()
        return 1
    except Exception as exc:
        from fieldkit.core.store.faults import fault_for

        fault = fault_for(exc, _safe_workspace_path(args))
        if fault is not None:  # disk full, read-only media, a damaged workspace
            _remove_partials(args)
            sys.stderr.write(tr("fieldkit: {message}", message=fault.message()) + "\n")
            return 1
        # a bug: say so plainly, keep the details in a log file
        log = _write_crash_log()
        sys.stderr.write(tr("fieldkit hit an unexpected problem ({reason}). Your saved work is "
                            "safe. Details were written to {log}.", reason=type(exc).__name__,
                            log=log) + "\n")
        return 1


def _silence_stdout() -> None:
    """Output still buffered for a closed pipe must not fail again (with a second traceback)
    when Python flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _safe_workspace_path(args: argparse.Namespace) -> Path | None:
    try:
        return _workspace_path(args)
    except Exception:
        return None


def _remove_partials(args: argparse.Namespace) -> None:
    """A write cut short (disk full) leaves no half-written output beside the target."""
    for name in ("output", "report", "save_mapping"):
        target = getattr(args, name, None)
        if target:
            for suffix in (".partial", ".partial.xlsx"):
                Path(str(target) + suffix).unlink(missing_ok=True)


def _write_crash_log() -> str:
    """A new file each time (time, process id and a random part): two crashes in the same
    second, or in two processes, never overwrite each other's log."""
    import uuid

    try:
        folder = paths.data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:8]}.txt"
        log = folder / name
        with open(log, "x", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
        return str(log)
    except OSError:
        return "-"


if __name__ == "__main__":
    raise SystemExit(main())
