"""A writer process for the concurrency and crash tests: logs COUNT updates, one transaction
each, through the same Tracker.log the dashboard form uses. Usage: writer.py NAME COUNT"""

import sys

from monitors.tracker import open_tracker


def main(name: str, count: int) -> None:
    tracker = open_tracker()
    for number in range(count):
        tracker.log(
            {"commitment": "london-us-ethane", "observed": "2025-07-02", "source_party": "independent",
             "source": f"writer {name}", "asserts": "progress", "note": f"{name}-{number}"},
            by=name,
        )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
