"""The project's layout read from its code: apps, the loket's rooms and who imports whom.

``python -m devkit.architecture`` prints the dependency diagram the README's
architecture section shows; ``tests/test_architecture.py`` holds the rules to it
(no cycles between apps or rooms, no two modules importing each other, at most 20
modules per folder, none over 400 lines, ``bench/`` without ``tests/``).

Every import counts, also one inside a function: a lazy import is still a
dependency, only a later one.
"""

import ast
import pathlib
from functools import cache

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPS = ("accounts", "permissions", "cms", "content", "kennisbank", "forms", "loket", "federatie")
TOOLS = ("devkit", "bench", "tests")
MAX_MODULES_PER_FOLDER = 20
MAX_LINES = 400

# The loket's own ground floor and its wiring: modules at the top of ``loket/`` that
# are not a room of their own. The base is what every room may use; the wiring
# (Django's and Wagtail's entry points) uses every room and is used by none.
LOKET_BASE = {
    "beperking",
    "converters",
    "errors",
    "kenmerk",
    "logboek",
    "lookups",
    "models",
    "names",
    "roles",
    "types",
    "widgets",
}
LOKET_WIRING = {"apps", "wagtail_hooks", "templatetags", "management", "migrations"}


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules(tops=APPS + TOOLS):
    """``{module name: path}`` of every Python module under ``tops``, migrations left out."""
    found = {}
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts or "node_modules" in path.parts:
                continue
            found[_module_name(path)] = path
    return found


def _resolve(name, known):
    """The longest known module that ``name`` (``a.b.c``) refers to, or None."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


@cache
def imports():
    """``{module: {modules it imports}}``, each import resolved to a module of the project."""
    known = modules()
    graph = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                candidates = [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for candidate in candidates:
                target = _resolve(candidate, known)
                if target and target != name:
                    targets.add(target)
        graph[name] = targets
    return graph


def app_of(module):
    return module.split(".")[0]


def room_of(module):
    """Where a module lives: its app, or for the loket its room (``loket.lifecycle``),
    ``loket (base)`` or ``loket (wiring)``."""
    parts = module.split(".")
    if parts[0] != "loket":
        return parts[0]
    if len(parts) == 1:
        return "loket (base)"
    if parts[1] in LOKET_BASE:
        return "loket (base)"
    if parts[1] in LOKET_WIRING:
        return "loket (wiring)"
    return f"loket.{parts[1]}"


def edges(group):
    """``{from: {to}}`` between the groups ``group(module)`` names, self-edges left out."""
    result = {}
    for source, targets in imports().items():
        for target in targets:
            a, b = group(source), group(target)
            if a != b:
                result.setdefault(a, set()).add(b)
            else:
                result.setdefault(a, set())
    return result


def cycles(graph):
    """Every strongly connected set of more than one node (Tarjan), sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.add(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def mutual_imports():
    """Pairs of modules that import each other."""
    graph = imports()
    return sorted(
        (a, b) for a, targets in graph.items() for b in targets if a < b and a in graph.get(b, ())
    )


def crowded_folders(tops=APPS + ("devkit", "bench")):
    """Folders with more than ``MAX_MODULES_PER_FOLDER`` modules at their own level."""
    counts = {}
    for name, path in modules().items():
        if app_of(name) in tops:
            counts.setdefault(path.parent, []).append(path)
    return sorted(
        (str(folder.relative_to(ROOT)), len(paths))
        for folder, paths in counts.items()
        if len(paths) > MAX_MODULES_PER_FOLDER
    )


def long_modules(tops=APPS + ("devkit", "bench")):
    return sorted(
        (str(path.relative_to(ROOT)), lines)
        for name, path in modules().items()
        if app_of(name) in tops and (lines := len(path.read_text().splitlines())) > MAX_LINES
    )


def _layers(graph):
    """Nodes by layer: a node sits one above the highest node it depends on."""
    layer = {}

    def depth(node, seen=()):
        if node in layer:
            return layer[node]
        if node in seen:  # a cycle: reported elsewhere
            return 0
        below = [depth(n, (*seen, node)) for n in graph.get(node, ()) if n in graph]
        layer[node] = 1 + max(below, default=-1)
        return layer[node]

    for node in graph:
        depth(node)
    return layer


def diagram(graph, title):
    """A text drawing: the top layer first, each node with what it uses."""
    layer = _layers(graph)
    lines = [title]
    for level in sorted(set(layer.values()), reverse=True):
        for node in sorted(n for n in graph if layer[n] == level):
            uses = ", ".join(sorted(graph[node])) or "nothing of ours"
            lines.append(f"  {node:<22} -> {uses}")
    return "\n".join(lines)


def main():
    apps = {a: b for a, b in edges(app_of).items() if a in APPS}
    apps = {a: {b for b in targets if b in APPS} for a, targets in apps.items()}
    loket = {
        a: {b for b in targets if b.startswith("loket")}
        for a, targets in edges(room_of).items()
        if a.startswith("loket")
    }
    print(diagram(apps, "Apps (a -> b: a imports b; top layer first)"))
    print()
    print(diagram(loket, "The loket's rooms (same reading)"))


if __name__ == "__main__":
    main()
