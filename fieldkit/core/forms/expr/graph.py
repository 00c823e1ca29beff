"""Which expressions of a form depend on which answers: cycles, evaluation order, and the
minimal set to re-evaluate after one answer changes.

Model. Every question ``q`` has a *value* V(q), and each of its expressions is a node
A(q, attribute). An expression reads the values it references (``.`` reads V(q) itself).
Some expressions *produce* values:

* ``calculation`` sets V(q);
* ``relevant`` decides whether V(q) counts (a non-relevant answer reads as empty), and for
  a group or repeat also whether its descendants' values count;
* ``repeat_count`` adds or removes instances, changing V of the repeat and its descendants.

``constraint``, ``required``, ``readonly`` and ``choice_filter`` only read. ``default`` is
evaluated once when a question (or repeat instance) is created, as in ODK, so it appears
in :meth:`DependencyGraph.order` but never in :meth:`DependencyGraph.affected`.

A cycle is a value that depends on itself through calculations and relevance.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping

from fieldkit.core.i18n import N_

from .errors import CycleError
from .nodes import Expression
from .parser import parse

ATTRIBUTES = ("relevant", "calculation", "constraint", "required", "readonly",
              "choice_filter", "repeat_count", "default")
_PRODUCERS = {"calculation", "relevant", "repeat_count"}
_ATTR_INDEX = {a: i for i, a in enumerate(ATTRIBUTES)}
_ATTR_INDEX["read_only"] = _ATTR_INDEX["readonly"]  # the spelling of fieldkit's form model

Node = tuple[str, str]  # (question, attribute)


class DependencyGraph:
    """Built from ``{question: {attribute: Expression or text}}`` in form order.

    ``attribute`` is one of :data:`ATTRIBUTES` (``read_only`` is accepted for ``readonly``).

    ``parents`` (optional) maps a question to its enclosing group or repeat, so that the
    relevance or repeat_count of a group reaches the questions inside it.
    """

    def __init__(self, expressions: Mapping[str, Mapping[str, Expression | str]],
                 parents: Mapping[str, str] | None = None) -> None:
        self._index: dict[str, int] = {}
        self._exprs: dict[Node, Expression] = {}
        for question, attrs in expressions.items():
            self._index.setdefault(question, len(self._index))
            for attr, expr in attrs.items():
                if attr not in _ATTR_INDEX:
                    raise ValueError(f"unknown expression attribute {attr!r} for {question!r}")
                self._exprs[(question, attr)] = parse(expr) if isinstance(expr, str) else expr
        parents = dict(parents or {})
        for name in list(parents) + list(parents.values()):
            self._index.setdefault(name, len(self._index))
        self._reads: dict[Node, list[str]] = {}
        for node, expr in self._exprs.items():
            names = set(expr.references)
            if expr.uses_current:
                names.add(node[0])
            for name in sorted(names):
                self._index.setdefault(name, len(self._index))
            self._reads[node] = sorted(names, key=self._index.__getitem__)
        children: dict[str, list[str]] = {}
        for child, parent in parents.items():
            children.setdefault(parent, []).append(child)
        self._produces: dict[Node, list[str]] = {}
        for node in self._exprs:
            question, attr = node
            if attr == "calculation":
                self._produces[node] = [question]
            elif attr == "relevant":
                # A group whose relevance reads one of its own questions (CHT's
                # ``./source = 'user'``) is no cycle: as in JavaRosa, the condition reads the
                # question's value, and that value does not depend on the condition.
                read = set(self._reads[node])
                self._produces[node] = [question] + [d for d in _descendants(question, children) if d not in read]
            elif attr in _PRODUCERS:
                self._produces[node] = [question] + _descendants(question, children)
            else:
                self._produces[node] = []
        # readers: question -> expressions to re-evaluate when its value changes (no defaults)
        self._readers: dict[str, list[Node]] = {}
        for node, names in self._reads.items():
            if node[1] != "default":
                for name in names:
                    self._readers.setdefault(name, []).append(node)
        self._rank = self._topological_rank()

    # -- queries -----------------------------------------------------------
    @property
    def questions(self) -> list[str]:
        """Every name known to the graph, in form order (referenced-only names last)."""
        return sorted(self._index, key=self._index.__getitem__)

    def expression(self, question: str, attribute: str) -> Expression | None:
        return self._exprs.get((question, attribute))

    def reads(self, question: str, attribute: str) -> list[str]:
        """Names whose values the expression reads (``.`` counts as the question itself)."""
        return list(self._reads.get((question, attribute), ()))

    def order(self) -> list[Node]:
        """Every expression, each after everything it depends on (form order breaks ties;
        members of a cycle come in form order, so check :meth:`cycles` first)."""
        return sorted(self._exprs, key=self._rank.__getitem__)

    def affected(self, changed: str) -> list[Node]:
        """Expressions to re-evaluate, in order, after the value of ``changed`` changed.

        Transitive: a calculation or relevance that may change feeds its own readers.
        Only expressions reachable from ``changed`` are listed.
        """
        found: set[Node] = set()
        seen = {changed}
        queue = [changed]
        while queue:
            name = queue.pop()
            for node in self._readers.get(name, ()):
                if node not in found:
                    found.add(node)
                    for produced in self._produces[node]:
                        if produced not in seen:
                            seen.add(produced)
                            queue.append(produced)
        return sorted(found, key=self._rank.__getitem__)

    def clock_dependent(self) -> list[Node]:
        """Expressions using today() or now(), to refresh when the date changes."""
        return [n for n in self.order() if n[1] != "default" and self._exprs[n].uses_clock]

    def cycles(self) -> list[list[str]]:
        """Each circular dependency as a list of names ``[a, b, c]``: a feeds b, b feeds c and
        c feeds a (b's calculation or relevance reads a, ...). One per strongly connected
        group of questions, starting at its earliest question, in form order."""
        edges = self._value_edges()
        found = []
        for component in _strongly_connected(list(self._index), edges):
            members = set(component)
            start = min(component, key=self._index.__getitem__)
            if len(component) == 1 and start not in edges.get(start, ()):
                continue
            found.append(_cycle_through(start, members, edges))
        return sorted(found, key=lambda c: self._index[c[0]])

    def raise_for_cycles(self) -> None:
        """Raise CycleError naming the first cycle, if there is any."""
        cycles = self.cycles()
        if cycles:
            first = cycles[0]
            raise CycleError(N_("Circular reference in form logic: {cycle}"), cycles=cycles,
                             cycle=" → ".join(first + [first[0]]))

    # -- internals ---------------------------------------------------------
    def _value_edges(self) -> dict[str, set[str]]:
        """name -> names whose value it feeds. A value-producing expression of q makes each
        name it reads feed q, and a group's relevance or repeat_count makes the group feed
        its descendants, so a group whose relevance reads its own child shows as g → child."""
        edges: dict[str, set[str]] = {}
        for (question, _), produced in self._produces.items():
            if not produced:
                continue
            for name in self._reads[(question, _)]:
                edges.setdefault(name, set()).add(question)
            edges.setdefault(question, set()).update(p for p in produced if p != question)
        return edges

    def _topological_rank(self) -> dict[Node, int]:
        """Kahn's algorithm over value and expression nodes, ties broken by form order.
        When only cycles remain, the earliest remaining node is taken as if ready."""
        n_attrs = len(ATTRIBUTES)

        def key(node) -> tuple[int, int]:
            if isinstance(node, str):
                return (self._index[node], n_attrs)
            return (self._index[node[0]], _ATTR_INDEX[node[1]])

        successors: dict[object, list[object]] = {}
        indegree: dict[object, int] = {name: 0 for name in self._index}
        for node in self._exprs:
            indegree[node] = 0
        for node, names in self._reads.items():
            for name in names:
                successors.setdefault(name, []).append(node)
                indegree[node] += 1
            for produced in self._produces[node]:
                successors.setdefault(node, []).append(produced)
                indegree[produced] += 1
        heap = [(key(v), v) for v, d in indegree.items() if d == 0]
        heapq.heapify(heap)
        all_sorted = sorted(indegree, key=key)
        cursor = 0
        done: set[object] = set()
        rank: dict[Node, int] = {}
        while len(done) < len(indegree):
            if not heap:  # only cycles left: release the earliest waiting node
                while all_sorted[cursor] in done:
                    cursor += 1
                stuck = all_sorted[cursor]
                indegree[stuck] = 0
                heap.append((key(stuck), stuck))
            _, node = heapq.heappop(heap)
            if node in done:
                continue
            done.add(node)
            if not isinstance(node, str):
                rank[node] = len(rank)
            for succ in successors.get(node, ()):
                if succ not in done:
                    indegree[succ] -= 1
                    if indegree[succ] == 0:
                        heapq.heappush(heap, (key(succ), succ))
        return rank


def _descendants(name: str, children: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    stack = list(reversed(children.get(name, [])))
    seen = {name}
    while stack:
        child = stack.pop()
        if child in seen:
            continue
        seen.add(child)
        out.append(child)
        stack.extend(reversed(children.get(child, [])))
    return out


def _strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm without recursion (forms can have thousands of questions)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(edges.get(succ, ())))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
    return result


def _cycle_through(start: str, members: set[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest path start -> ... -> start inside one component, as [start, ...]."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for name in frontier:
            for succ in sorted(edges.get(name, ())):
                if succ not in members:
                    continue
                if succ == start:
                    path = [name]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return list(reversed(path))
                if succ not in came_from:
                    came_from[succ] = name
                    nxt.append(succ)
        frontier = nxt
    return [start]  # pragma: no cover - a component always closes
