"""Build the extraction evaluation file from the fundus pages (MIT, ../shared/data/fundus).

    python -m iletisim.monitoring.evals.build_extraction [--data ../shared/data/fundus] OUT.jsonl

Each line: {"url", "html", "expected_text"}; expected_text is the ground truth's paragraphs
joined by blank lines. The pages are not committed: they are read where the data lives.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

DEFAULT_DATA = Path("../shared/data/fundus")


def fundus_records(data: Path = DEFAULT_DATA) -> Iterator[dict[str, str]]:
    truth = json.loads((data / "ground_truth.json").read_text(encoding="utf-8"))
    for name in sorted(truth):
        entry = truth[name]
        html = gzip.decompress((data / "html" / name).read_bytes()).decode("utf-8", "replace")
        body = entry["body"]
        expected = "\n\n".join(body) if isinstance(body, list) else str(body)
        yield {"url": entry.get("url", ""), "html": html, "expected_text": expected}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    count = 0
    with args.output.open("w", encoding="utf-8") as handle:
        for record in fundus_records(args.data):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    print(f"{count} pages written to {args.output}")


if __name__ == "__main__":
    main()
