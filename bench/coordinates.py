#!/usr/bin/env python3
"""Coordinates coverage: the share of location mentions that have a map point.

    python bench/coordinates.py [--project DIR] [--missing N]

A mention is one entry of a briefing's `locations:` list; it has coordinates when the
briefing's `places:` maps that name to a `lat` and `lon`. Counted over every briefing of the
Wikinews site (all seeds ingested together); `--missing N` lists the N commonest names
without coordinates.
"""

from __future__ import annotations

import argparse
from collections import Counter

from wikinews_site import front_matters, project_from


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", help="reuse (or make) the Wikinews project here")
    parser.add_argument("--missing", type=int, default=20, help="list the N commonest misses")
    args = parser.parse_args()
    project = project_from(args.project)
    mentions = with_point = with_country = 0
    missing: Counter[str] = Counter()
    for _path, data in front_matters(project):
        places = data.get("places") or {}
        for name in data.get("locations") or []:
            mentions += 1
            place = places.get(name) or {}
            if "lat" in place and "lon" in place:
                with_point += 1
            else:
                missing[name] += 1
            if place.get("country"):
                with_country += 1
    share = with_point / mentions if mentions else 0.0
    print(f"location mentions: {mentions}")
    print(f"with coordinates:  {with_point} ({share:.1%})")
    print(f"with a country:    {with_country} ({with_country / max(mentions, 1):.1%})")
    for name, count in missing.most_common(args.missing):
        print(f"  missing {count:3d}  {name}")


if __name__ == "__main__":
    main()
