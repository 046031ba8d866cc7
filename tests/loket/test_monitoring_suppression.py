"""Secondary suppression: a lone "< 5" beside a shown total cannot be worked out by
subtraction, in a one-dimensional table, in rows and columns, and in the chart."""

from loket.privacy.monitoring import figures
from loket.privacy.monitoring.suppression import HIDDEN, SUPPRESSED, hidden_cells, shown_rows
from tests.loket.helpers import make_aanvraag


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    rows = [("TLV", 20), ("TOP", 3), ("OZA", 10), ("Groep", 0)]
    # Before: 33 - 20 - 10 - 0 = 3, the suppressed value. Now 10 is hidden too.
    assert shown_rows(rows) == [("TLV", 20), ("TOP", SUPPRESSED), ("OZA", HIDDEN), ("Groep", 0)]


def test_two_small_cells_need_no_extra():
    assert shown_rows([("a", 2), ("b", 3), ("c", 9)]) == [
        ("a", SUPPRESSED),
        ("b", SUPPRESSED),
        ("c", 9),
    ]


def test_rows_and_columns_are_repeated_until_stable():
    # Row 0 has one small cell (0,0)=2: hide (0,1)=6. Column 1 then has one hidden
    # cell (0,1): hide (1,1)=7; row 1 now has one hidden: hide (1,0)=8. Column 0
    # then holds (0,0) and (1,0) hidden: stable. Every total stays shown.
    grid = {(0, 0): 2, (0, 1): 6, (0, 2): 30, (1, 0): 8, (1, 1): 7, (1, 2): 40}
    hidden = hidden_cells(grid)
    assert hidden == {(0, 0), (0, 1), (1, 1), (1, 0)}
    for axis in (0, 1):
        for line in {key[axis] for key in grid}:
            assert sum(k in hidden for k in grid if k[axis] == line) != 1


def test_dashboard_tables_and_chart_hide_the_complement(loket_users, school_a, school_b):
    for index in range(6):
        make_aanvraag(school_a, loket_users["school_a"], naam=f"Annie {index}", files=[])
    for index in range(2):
        make_aanvraag(school_b, loket_users["school_b"], naam=f"Bert {index}", files=[])
    result = figures.figures()
    assert result["total"] == 8
    per_school = dict(result["tables"]["per_school"])
    assert per_school[school_b.name] == SUPPRESSED
    assert per_school[school_a.name] == HIDDEN  # 8 - 6 = 2 otherwise
    assert all(bar["value"] != 6 for bar in result["chart"]["bars"])
