"""The form runner: where answers to a questionnaire are typed in.

Entry points (everything else in this package is internal):

``open_runner(window, *, response_id=None, form_id=None, version=None, site_id=None,
activity_id=None)``
    Open a response (a draft continues; a finalised one is shown, with an Edit button that
    makes a new revision) or start a new draft of ``form_id`` (newest version unless
    ``version``), collected by the current cadre. Returns the runner window at once; its
    ``loaded`` signal fires when the response is on screen.

``offer_open_drafts(window)``
    After start-up: if this laptop has unfinished drafts, show a non-modal dialog listing
    them, each of which can be continued. Returns nothing; the dialog is kept as
    ``window.drafts_dialog`` once shown.
"""

from __future__ import annotations


def open_runner(window, *, response_id: str | None = None, form_id: str | None = None,
                version: str | None = None, site_id: str | None = None,
                activity_id: str | None = None):
    from fieldkit.ui.runner.window import RunnerWindow, _last_site

    if response_id is None and form_id is None:
        raise ValueError("open_runner needs a response_id or a form_id")
    runners = getattr(window, "_runners", None)
    if runners is None:
        runners = window._runners = {}
    existing = runners.get(response_id) if response_id else None
    if existing is not None:
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    runner = RunnerWindow(window)
    if response_id is not None:
        runners[response_id] = runner
    if site_id is None and response_id is None:
        site_id = _last_site.get(window.workspace_id)
    runner.start(response_id=response_id, form_id=form_id, version=version, site_id=site_id,
                 cadre_id=window.current_cadre_id(), activity_id=activity_id)
    runner.show()
    return runner


def offer_open_drafts(window) -> None:
    from fieldkit.ui.runner import ops

    def offer(drafts: list[dict]) -> None:
        if not drafts:
            return
        from fieldkit.ui.runner.drafts import DraftsDialog

        window.drafts_dialog = DraftsDialog(window, drafts)
        window.drafts_dialog.show()

    def failed(exc: BaseException) -> None:
        from fieldkit.ui.tasks import error_text

        window.statusBar().showMessage(error_text(exc), 15000)

    window.tasks.run(ops.open_drafts, offer, failed)
