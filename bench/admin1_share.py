"""How many resolved GeoNames towns carry an admin1 name, on the place dev set.

    python bench/admin1_share.py                       # eval/places/dev.jsonl
    python bench/admin1_share.py --place-set other.jsonl

Resolves every gold mention of the place set the way ``dateline eval
--place-set`` does (``Coder.places_of``), keeps the places that are GeoNames
towns (kind "city") and counts those whose ``admin1`` is a name rather than
nothing or a GeoNames code ("09", "12070577"). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from dateline.evaluate import read_gold_places
from dateline.model import Document
from dateline.pipeline import Coder

ROOT = Path(__file__).resolve().parent.parent
# What a GeoNames admin1 code looks like: "09", "B3", "12070577".
_CODE = re.compile(r"^[0-9A-Z]{1,8}$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--place-set", type=Path, default=ROOT / "eval" / "places" / "dev.jsonl"
    )
    args = parser.parse_args()
    coder = Coder()
    towns = named = coded = 0
    for item in read_gold_places(args.place_set):
        resolved = coder.places_of(Document(id=item.id, text=item.text, language="en"))
        place = next((p for m, p in resolved if m.text == item.mention), None)
        if place is None or place.kind != "city":
            continue
        towns += 1
        if place.admin1 and _CODE.match(place.admin1):
            coded += 1
        elif place.admin1:
            named += 1
    print(
        json.dumps(
            {
                "place_set": str(args.place_set),
                "towns": towns,
                "admin1_name": named,
                "admin1_code": coded,
                "admin1_none": towns - named - coded,
                "share_named": round(named / towns, 3) if towns else None,
            }
        )
    )


if __name__ == "__main__":
    main()
