"""The layout holds (README, "Architecture"): rooms a newcomer can find, one-way dependencies.

Read from the code by ``devkit.architecture`` (every import counts, lazy ones too).
"""

from devkit import architecture as arch


def _app(node):
    return node.split(".")[0].split(" ")[0]  # "loket (base)", "loket.staff" -> "loket"


def product_graph(group):
    return {
        a: {b for b in targets if _app(b) in arch.APPS}
        for a, targets in arch.edges(group).items()
        if _app(a) in arch.APPS
    }


def test_no_two_apps_import_each_other():
    assert arch.cycles(product_graph(arch.app_of)) == []


def test_the_loket_rooms_depend_one_way():
    assert arch.cycles(product_graph(arch.room_of)) == []


def test_the_loket_base_uses_no_room():
    rooms = product_graph(arch.room_of)["loket (base)"]
    assert not {room for room in rooms if room.startswith("loket")}


def test_no_two_modules_import_each_other():
    assert arch.mutual_imports() == []


def test_folders_hold_at_most_twenty_modules():
    assert arch.crowded_folders() == []


def test_no_module_is_over_400_lines():
    assert arch.long_modules() == []


def test_product_code_imports_no_tools_and_bench_no_tests():
    graph = arch.imports()
    wrong = {
        (source, target)
        for source, targets in graph.items()
        for target in targets
        if (arch.app_of(source) in arch.APPS and arch.app_of(target) in arch.TOOLS)
        or (arch.app_of(source) in ("bench", "devkit") and arch.app_of(target) == "tests")
    }
    assert wrong == set()


def test_the_rules_see_real_imports():
    """The checks above would pass on an empty graph; this one would not."""
    graph = arch.imports()
    assert "loket.lifecycle.transitions" in graph["loket.lifecycle.besluit"]
    assert "loket.dossiers.archive" in graph["loket.lifecycle.transitions"]
    assert arch.edges(arch.app_of)["kennisbank"] >= {"content", "cms"}


def test_the_readme_draws_what_the_code_does():
    import contextlib
    import io

    readme = (arch.ROOT / "README.md").read_text()
    drawn = readme.split("<!-- architecture:start -->\n```\n")[1].split(
        "```\n<!-- architecture:end"
    )[0]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        arch.main()
    assert drawn == printed.getvalue(), "run `python -m devkit.architecture` and paste it"
