"""The dashboard (工作台): this month and this year of the work at a glance, for the current
cadre's scope. Every figure opens the list behind it: the activities page filtered, the
monthly compliance, or the problem ledger (``window.show_problems``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QSizePolicy, QTabWidget, QVBoxLayout, QWidget)
from shiboken6 import isValid

from fieldkit.core import overview
from fieldkit.core.i18n import N_, tr
from fieldkit.core.work.model import Period
from fieldkit.ui.dashboard.chart import MonthChart

OPERATION_LABELS = {"insert": N_("created"), "update": N_("changed"), "delete": N_("deleted")}
SHORT_KINDS = {"lecture": N_("Lecture"), "visit": N_("Visit"), "rights": N_("Rights"),
               "befriend": N_("Befriend"), "solve": N_("Solve")}
LINK_STYLE = "color: #b8312a; text-decoration: none; font-weight: bold;"


def escape(text: str) -> str:
    """``html.escape``, imported with the first figures: drawing the page does not need it."""
    from html import escape as html_escape

    return html_escape(text)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


class Tile(QFrame):
    """A figure and what it counts; Enter, Space or a click opens the list behind it."""

    clicked = Signal()

    def __init__(self, caption: str, tooltip: str) -> None:
        super().__init__()
        self.setObjectName("tile")   # its look: the "dashboard" rules in ui/style.py
        self.setFocusPolicy(Qt.StrongFocus)
        self.setCursor(Qt.PointingHandCursor)
        self.setToolTip(tooltip)
        self.value = QLabel("…")
        self.value.setObjectName("tileValue")
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.caption.setWordWrap(True)
        # two lines for every caption, so the tiles line up and a long caption is not cut
        self.caption.setMinimumHeight(self.caption.fontMetrics().lineSpacing() * 2 + 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # equal widths
        self.setMinimumWidth(120)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Space):
            self.clicked.emit()
        else:
            super().keyPressEvent(event)


class DashboardPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.data: dict | None = None
        self._generation = 0
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel(tr("Dashboard"))
        title.setObjectName("pageTitle")
        self.scope_label = QLabel()
        self.scope_label.setObjectName("dashboardScope")
        head.addWidget(title)
        head.addWidget(self.scope_label, 1, Qt.AlignRight | Qt.AlignVCenter)
        layout.addLayout(head)
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.who.setTextFormat(Qt.RichText)
        self.who.linkActivated.connect(self.window_.show_page)     # "settings"
        layout.addWidget(self.who)

        self.headlines: dict[str, QLabel] = {}
        for key in ("month", "year"):
            label = QLabel("…")
            label.setTextFormat(Qt.RichText)
            label.setWordWrap(True)
            label.setObjectName("dashboardHeadline")
            # Tab reaches each number, Enter opens it
            label.setTextInteractionFlags(Qt.LinksAccessibleByMouse
                                          | Qt.LinksAccessibleByKeyboard)
            label.linkActivated.connect(self.open_link)
            self.headlines[key] = label
            layout.addWidget(label)

        tiles = QHBoxLayout()
        self.tiles: dict[str, Tile] = {}
        for key, caption, tooltip in (
                ("overdue", tr("Overdue problems"),
                 tr("Problems past their deadline and not resolved, today")),
                ("behind", tr("Cadres without a day this month"),
                 tr("Cadres who have not yet spent one day with frontline workers this month")),
                ("no_focus", tr("Leaders without a focus problem this quarter"),
                 tr("Leaders who took up a focus problem before but have none this quarter")),
                ("completion", tr("Completion rate this year"),
                 tr("Problems registered this year and resolved, of all registered this year")),
                ("reply", tr("Reply rate this year"),
                 tr("Problems resolved this year whose worker got a reply")),
                ("satisfaction", tr("Satisfaction rate this year"),
                 tr("Ratings this year that are satisfied or basically satisfied"))):
            tile = Tile(caption, tooltip)
            tile.clicked.connect(lambda k=key: self.open_tile(k))
            self.tiles[key] = tile
            tiles.addWidget(tile, 1)
        layout.addLayout(tiles)

        lower = QHBoxLayout()
        chart_box = QVBoxLayout()
        chart_box.addWidget(QLabel(tr("The last twelve months")))
        self.chart = MonthChart()
        self.chart.month_clicked.connect(lambda m: self.show_activities(period=m))
        chart_box.addWidget(self.chart, 1)
        lower.addLayout(chart_box, 3)
        side = QVBoxLayout()
        self.attention = QTabWidget()
        self.overdue_list, self.behind_list, self.no_focus_list = (QListWidget(), QListWidget(),
                                                                   QListWidget())
        self.attention.addTab(self.overdue_list, tr("Overdue problems"))
        self.attention.addTab(self.behind_list, tr("Behind this month"))
        self.attention.addTab(self.no_focus_list, tr("No focus"))
        self.latest = QTabWidget()
        self.recent_activities, self.recent, self.times = (QListWidget(), QListWidget(),
                                                           QListWidget())
        self.latest.addTab(self.recent_activities, tr("Recent activities"))
        self.latest.addTab(self.recent, tr("Recent changes"))
        self.latest.addTab(self.times, tr("Overseas time"))
        self.latest.setTabToolTip(2, tr("Local time at overseas sites"))
        side.addWidget(self.attention, 1)
        side.addWidget(self.latest, 1)
        lower.addLayout(side, 2)
        layout.addLayout(lower, 1)
        self.counts = QLabel()
        self.counts.setObjectName("dashboardCounts")
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)

        for box in (self.overdue_list, self.behind_list, self.no_focus_list,
                    self.recent_activities, self.recent, self.times):
            box.setWordWrap(True)
            box.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.overdue_list.itemActivated.connect(self._open_problem)
        self.behind_list.itemActivated.connect(lambda _: self.open_tile("behind"))
        self.recent_activities.itemActivated.connect(
            lambda item: self.show_activities(period=item.data(Qt.UserRole)))

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        actor = self.window_.current_cadre_id()

        def show(data: dict) -> None:
            if generation == self._generation and isValid(self):
                self.show_data(data)

        tasks = self.window_.tasks
        first = tasks.prefetched.pop("dashboard", None)
        if first is not None:   # computed while the window was being built, for this actor
            tasks.follow(first, show)
            return
        from fieldkit.ui.dashboard import ops   # the work wing's queries: not needed to start

        tasks.run(ops.dashboard, show, None, actor)

    def show_data(self, data: dict[str, Any]) -> None:
        self.data = data
        self._show_who(data)
        self.scope_label.setText(
            tr("Figures for {unit} and its sub-units", unit=data["scope_name"])
            if data["scope_name"] else tr("Figures for all org units"))
        for key, title in (("month", tr("This month ({period}):", period=data["month"])),
                           ("year", tr("This year ({period}):", period=data["year"]))):
            self.headlines[key].setText(f"<b>{escape(title)}</b> "
                                        + self.headline(data[f"kpis_{key}"], key))
        month, year = data["kpis_month"], data["kpis_year"]
        self.tiles["overdue"].value.setText(str(month["overdue"]))
        self.tiles["overdue"].caption.setText(
            tr("Overdue problems (+{feedback} feedback overdue)",
               feedback=month["feedback_overdue"]) if month["feedback_overdue"]
            else tr("Overdue problems"))
        self.tiles["behind"].value.setText(str(len(data["behind"])))
        left = (Period.parse(data["month"]).end - date.fromisoformat(data["today"])).days
        self.tiles["behind"].caption.setText(
            tr("Cadres without a day this month ({days} days left)", days=left) if left > 0
            else tr("Cadres without a day this month"))
        self.tiles["no_focus"].value.setText(str(len(data["leaders_without_focus"])))
        for key in ("completion", "reply", "satisfaction"):
            self.tiles[key].value.setText(percent(year[f"{key}_rate"]))
        self.chart.set_months(data["chart"])
        self._fill_lists(data)

    def headline(self, figures: dict[str, Any], which: str) -> str:
        """宣讲1040次、走访2352次、维权552次、解决实际问题1067个, each number a link."""
        kinds = figures["activities_by_kind"]

        def link(target: str, value: int) -> str:
            return f'<a href="{target}:{which}" style="{LINK_STYLE}">{value}</a>'

        return escape(tr("Lectures {lecture} times, visits {visit} times, rights cases "
                         "{rights} times, practical problems solved {solved}",
                         lecture="\x00l", visit="\x00v", rights="\x00r", solved="\x00s")) \
            .replace("\x00l", link("lecture", kinds["lecture"])) \
            .replace("\x00v", link("visit", kinds["visit"])) \
            .replace("\x00r", link("rights", kinds["rights"])) \
            .replace("\x00s", link("solved", figures["resolved"]))

    def _show_who(self, data: dict[str, Any]) -> None:
        if data["actor_name"]:
            self.who.setText(escape(tr("You are working as {name}.", name=data["actor_name"])))
        else:
            self.who.setText(escape(tr("Tell fieldkit who you are: choose yourself under "
                                       "Settings → Current cadre, so your records carry your "
                                       "name.")) +
                             f' <a href="settings">{escape(tr("Open Settings"))}</a>')
        self.window_.update_status(data["actor_name"])

    def _fill_lists(self, data: dict[str, Any]) -> None:
        from fieldkit.ui.activities.check_list import joined  # a widget module: not at start

        self.overdue_list.clear()
        for p in data["overdue"]:
            what = tr("past its deadline {deadline}", deadline=p["deadline"]) if p["overdue"] \
                else tr("feedback to the worker overdue")
            item = QListWidgetItem(f"{p['title']} · {p['site_name']} · {what}")
            item.setData(Qt.UserRole, p["id"])
            self.overdue_list.addItem(item)
        if not data["overdue"]:
            self.overdue_list.addItem(tr("No overdue problems."))
        self.behind_list.clear()
        for c in data["behind"]:
            self.behind_list.addItem(tr("{name} ({unit}): {days} days so far", name=c["name"],
                                        unit=c["org_unit_name"], days=f"{c['days']:g}"))
        if not data["behind"]:
            self.behind_list.addItem(tr("Every cadre has spent a day with frontline workers "
                                        "this month."))
        self.no_focus_list.clear()
        for leader in data["leaders_without_focus"]:
            self.no_focus_list.addItem(leader["name"])
        if not data["leaders_without_focus"]:
            self.no_focus_list.addItem(tr("Every leader has a focus problem this quarter."))
        self.recent_activities.clear()
        for a in data["recent_activities"]:
            kinds = joined(tr(SHORT_KINDS[k]) for k in a["kinds"])
            item = QListWidgetItem(f"{a['date']}  {a['site_name']}  {a['cadre_names']}  "
                                   f"{kinds}  " + tr("{count} workers",
                                                     count=a["workers_reached"]))
            item.setData(Qt.UserRole, a["date"][:7])
            self.recent_activities.addItem(item)
        if not data["recent_activities"]:
            self.recent_activities.addItem(tr("No activities yet: record the first on the "
                                              "Activities page (Ctrl+N there)."))
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
        r, counts = data["responses"], data["counts"]
        self.counts.setText(tr("Forms {forms} · completed questionnaires {responses} · "
                               "sites {sites} · cadres {cadres} · org units {units}",
                               forms=r["forms"], responses=r["complete"],
                               sites=counts["sites"]["active"],
                               cadres=counts["cadres"]["active"],
                               units=counts["org_units"]["active"]))
        self.counts.setToolTip("\n".join([
            tr("Completed questionnaires") + f": {r['complete']}",
            tr("{draft} drafts not finished; {issues} marked as having issues",
               draft=r["draft"], issues=r["has_issues"]),
            tr("Sites") + ": " + tr("{active} active, {total} in all",
                                    active=counts["sites"]["active"],
                                    total=counts["sites"]["total"])]))

    # -- opening the list behind a figure --------------------------------------------------

    def open_link(self, href: str) -> None:
        """A headline number: ``lecture:month``, ``solved:year`` …"""
        target, which = href.split(":")
        period = self.data["month"] if which == "month" else self.data["year"]
        if target == "solved":
            self.show_problems(period=period, period_of="resolved")
        else:
            self.show_activities(period=period, kind=target)

    def open_tile(self, key: str) -> None:
        if self.data is None:
            return
        if key == "overdue":
            self.show_problems(overdue=True)
        elif key == "behind":
            self.window_.show_page("activities")
            self.window_.page("activities").show_compliance(
                self.data["month"], self.data["scope"]["org_unit_id"])
        elif key == "no_focus":
            self.show_focus()
        else:
            self.show_problems(period=self.data["year"])

    def show_focus(self) -> None:
        """The leaders' focus problems of this quarter on the ledger page (its typical cases
        and focus tab), or the list here when the ledger has no such tab."""
        keys = [key for key, _, _ in self.window_.pages]
        ledger = self.window_.page("ledger") if "ledger" in keys else None
        if ledger is not None and hasattr(ledger, "cases") and hasattr(ledger, "tabs"):
            self.window_.show_page("ledger")
            ledger.tabs.setCurrentWidget(ledger.cases)
            return
        self.attention.setCurrentWidget(self.no_focus_list)
        self.no_focus_list.setFocus()

    def show_activities(self, **criteria: Any) -> None:
        self.window_.show_page("activities")
        self.window_.page("activities").show_filtered(**criteria)

    def _open_problem(self, item: QListWidgetItem) -> None:
        problem_id = item.data(Qt.UserRole)
        show = getattr(self.window_, "show_problem", None)
        if problem_id and show is not None:
            show(problem_id)
        else:
            self.open_tile("overdue")

    def show_problems(self, **criteria: Any) -> None:
        """The ledger with these criteria, within the dashboard's scope (the current cadre's
        org unit and its sub-units) when it has one."""
        scope = (self.data or {}).get("scope") or {}
        if scope.get("org_unit_id"):
            criteria["org_unit_id"] = scope["org_unit_id"]
        show = getattr(self.window_, "show_problems", None)
        if show is None:
            self.window_.statusBar().showMessage(
                tr("The problem ledger is not available in this version yet."), 10000)
            return
        show(**criteria)
