"""The dashboard: what is in this workspace and what changed lately."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QListWidget,
                               QVBoxLayout, QWidget)

from fieldkit.core import directory, overview
from fieldkit.core.i18n import N_, tr

OPERATION_LABELS = {"insert": N_("created"), "update": N_("changed"), "delete": N_("deleted")}


class DashboardPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.data: dict | None = None
        layout = QVBoxLayout(self)
        title = QLabel(tr("Dashboard"))
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        layout.addWidget(title)
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.who.setTextFormat(Qt.RichText)
        self.who.linkActivated.connect(self.window_.show_page)     # "settings"
        layout.addWidget(self.who)
        cards = QHBoxLayout()
        self.cards: dict[str, QLabel] = {}
        cards_shown = [("responses", tr("Completed questionnaires")), ("forms", tr("Forms"))] + \
            [(spec.table, tr(spec.plural))
             for spec in (directory.ORG_UNITS, directory.CADRES, directory.SITES)]
        for key, title in cards_shown:
            frame = QFrame()
            frame.setFrameShape(QFrame.StyledPanel)
            box = QVBoxLayout(frame)
            name = QLabel(title)
            value = QLabel("…")
            value.setStyleSheet("font-size: 28px; font-weight: bold;")
            box.addWidget(name)
            box.addWidget(value)
            self.cards[key] = value
            cards.addWidget(frame)
        layout.addLayout(cards)
        lower = QGridLayout()
        lower.addWidget(QLabel(tr("Recent changes")), 0, 0)
        lower.addWidget(QLabel(tr("Local time at overseas sites")), 0, 1)
        self.recent = QListWidget()
        self.times = QListWidget()
        lower.addWidget(self.recent, 1, 0)
        lower.addWidget(self.times, 1, 1)
        lower.setColumnStretch(0, 2)
        lower.setColumnStretch(1, 1)
        layout.addLayout(lower, 1)

    def refresh(self) -> None:
        actor = self.window_.current_cadre_id()
        self.window_.tasks.run(overview.dashboard, self.show_data, None, actor)

    def show_data(self, data: dict) -> None:
        self.data = data
        if data["actor_name"]:
            self.who.setText(escape(tr("You are working as {name}.", name=data["actor_name"])))
        else:
            self.who.setText(escape(tr("Tell fieldkit who you are: choose yourself under "
                                       "Settings → Current cadre, so your records carry your "
                                       "name.")) +
                             f' <a href="settings">{escape(tr("Open Settings"))}</a>')
        self.window_.update_status(data["actor_name"])
        for table, label in self.cards.items():
            if table in data["counts"]:
                c = data["counts"][table]
                label.setText(str(c["active"]))
                label.setToolTip(tr("{active} active, {total} in all", active=c["active"],
                                    total=c["total"]))
        r = data["responses"]
        self.cards["responses"].setText(str(r["complete"]))
        self.cards["responses"].setToolTip(tr("{draft} drafts not finished; {issues} marked as "
                                              "having issues", draft=r["draft"],
                                              issues=r["has_issues"]))
        self.cards["forms"].setText(str(r["forms"]))
        self.recent.clear()
        for change in data["recent"]:
            when = change["wall_time"][:16].replace("T", " ")
            kind = tr(overview.TABLE_LABELS.get(change["table"], change["table"]))
            verb = tr(OPERATION_LABELS[change["operation"]])
            who = change["actor_name"] or tr("(no cadre set)")
            self.recent.addItem(f"{when}  {who}  {verb} {kind}: {change['record_name']}")
        self.times.clear()
        for site in data["site_times"]:
            self.times.addItem(f"{site['time']}  (UTC{site['utc_offset']})  {site['name']}")
        if not data["site_times"]:
            self.times.addItem(tr("No sites in other time zones."))
