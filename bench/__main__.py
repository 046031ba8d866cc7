"""``python -m bench NAME [args]`` (or ``make bench BENCH=NAME``): run one benchmark.

Without a name it lists them. Each benchmark documents its own options and the
database it wants (most are meant for PostgreSQL: set DATABASE_URL).
"""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {
    "__init__",
    "__main__",
    "smtp_sink",
    "http_targets",
    "http_fill",
    "loadtest_setup",
    "locustfile",
}


def available():
    return sorted(p.stem for p in HERE.glob("*.py") if p.stem not in SKIP)


def main(argv):
    if not argv or argv[0] not in available():
        print("Gebruik: python -m bench NAAM [opties]. Beschikbaar:")
        for name in available():
            first = (HERE / f"{name}.py").read_text().split('"""')[1].strip().splitlines()[0]
            print(f"  {name:<14} {first}")
        return 0 if not argv else 2
    name, rest = argv[0], argv[1:]
    sys.argv = [f"bench.{name}", *rest]
    runpy.run_module(f"bench.{name}", run_name="__main__", alter_sys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
