"""Small-number suppression that subtraction cannot undo.

A count of 1 to 4 is shown as "< 5" (primary suppression). When a row (or column)
of a table holds exactly one such cell and its total is shown, the cell is simply
the total minus the others: so the next smallest cell of that row or column is
hidden too (secondary suppression), and again for every row and column that this
leaves with exactly one hidden cell, until nothing changes. A cell hidden only for
that reason shows ``HIDDEN``, not "< 5": it is not a small number.
"""

from collections import defaultdict

THRESHOLD = 5
SUPPRESSED = "< 5"
HIDDEN = "verborgen"


def hidden_cells(grid):
    """The keys of ``grid`` (``{(row, column): count}``) to hide, primary and secondary."""
    hidden = {key for key, n in grid.items() if 0 < n < THRESHOLD}
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = defaultdict(list)
            for key in grid:
                lines[key[axis]].append(key)
            for keys in lines.values():
                if sum(key in hidden for key in keys) != 1:
                    continue
                # A zero gives nothing away when hidden beside it: take a real count.
                candidates = [k for k in keys if k not in hidden and grid[k] > 0]
                if candidates:
                    hidden.add(min(candidates, key=lambda k: (grid[k], str(k))))
                    changed = True
    return hidden


def shown_cell(n, hidden):
    if not hidden:
        return n
    return SUPPRESSED if n < THRESHOLD else HIDDEN


def shown_rows(rows):
    """A one-dimensional table ``[(label, count)]`` whose total is shown elsewhere."""
    hidden = hidden_cells({(0, index): n for index, (_label, n) in enumerate(rows)})
    return [
        (str(label), shown_cell(n, (0, index) in hidden)) for index, (label, n) in enumerate(rows)
    ]
