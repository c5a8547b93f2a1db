"""`python -m iletisim.monitoring.topic.holdout OUT.jsonl [--seed N]`: write a held-out 20%
of TTC-3600.

The split is fixed (by a hash of each text, salted by the seed for other splits), so anyone
can reproduce the measurement:
`manage.py monitoring_eval topic OUT.jsonl` trains on the other 80% only, because the
evaluation leaves out of training every text found in the file it is judged on.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from iletisim.monitoring.topic.model import DATA


def is_held_out(text: str, share: int = 20, seed: int = 0) -> bool:
    salted = f"{seed}:{text}" if seed else text  # seed 0: the split measured first
    return int(hashlib.sha256(salted.encode("utf-8")).hexdigest(), 16) % 100 < share


def main(output: Path, seed: int = 0) -> int:
    with DATA.open(encoding="utf-8") as source, output.open("w", encoding="utf-8") as sink:
        written = 0
        for line in source:
            record = json.loads(line)
            if is_held_out(record["text"], seed=seed):
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
    print(f"{written} held-out articles written to {output}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--seed"):
        sys.exit("usage: python -m iletisim.monitoring.topic.holdout OUT.jsonl [--seed N]")
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[3]) if len(sys.argv) == 4 else 0))
