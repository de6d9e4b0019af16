"""Draw the product samples of the hand-labelled kinds set (data/kinds/).

Reproducible: the same seed and the same catalog files always give the same products.

- Icecat: every record of retrieval/catalog/data/icecat/1.json.zip ... 4.json.zip (19,406),
  sorted by `id` (the id string as stored in the files), then
  random.Random(SEED).sample(records, 320).
- Best Buy: the rows of ../shared/data/bestbuy_phones/ecommerce.json in file order, each named
  `ecommerce-<1-based row position>`, then a fresh random.Random(SEED).sample(rows, 110).

That is the TEST split (`--split test`, the default): a held-out set, reported on, not tuned on.
The DEV split (`--split dev`), for tuning, is drawn the same way from what the test split left:

- seed 20261202; the test sample's ids are removed first (the Icecat records still sorted by id,
  the Best Buy rows still in file order, named as above), then
  random.Random(20261202).sample(rest, 300) for Icecat and a fresh one of 100 for Best Buy.

A second dev split (`--split dev2`, Icecat only), drawn later for error analysis on products nobody
had read: seed 20261203, the test and dev ids removed first, then random.Random(20261203).sample(rest, 240).

Products are printed in draw order, as CSV on stdout:

    python data/kinds/sample.py icecat                        # id,title (test split)
    python data/kinds/sample.py bestbuy --full                # adds brand, description, categories
    python data/kinds/sample.py icecat --split dev --full     # the dev split

`--full` adds the record text a labeller reads. Reads the raw files only (json, zipfile);
no project code is imported, so the sample does not depend on how the project parses records.
"""

import argparse
import csv
import json
import random
import sys
import zipfile
from pathlib import Path

SEED = 20261201
N_ICECAT = 320
N_BESTBUY = 110

DEV_SEED = 20261202
N_ICECAT_DEV = 300
N_BESTBUY_DEV = 100

DEV2_SEED = 20261203
N_ICECAT_DEV2 = 240

REPO = Path(__file__).resolve().parents[2]
ICECAT_DIR = REPO / "retrieval" / "catalog" / "data" / "icecat"
BESTBUY_FILE = REPO.parent / "shared" / "data" / "bestbuy_phones" / "ecommerce.json"


def icecat_records(folder=ICECAT_DIR):
    records = []
    for i in range(1, 5):
        with zipfile.ZipFile(folder / f"{i}.json.zip") as archive:
            for name in archive.namelist():
                records.extend(json.loads(archive.read(name)))
    return records


def icecat_sample(folder=ICECAT_DIR, n=N_ICECAT, seed=SEED):
    records = sorted(icecat_records(folder), key=lambda r: r["id"])
    return random.Random(seed).sample(records, n)


def bestbuy_rows(path=BESTBUY_FILE):
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)
    return [dict(row, id=f"ecommerce-{pos}") for pos, row in enumerate(rows, start=1)]


def bestbuy_sample(path=BESTBUY_FILE, n=N_BESTBUY, seed=SEED):
    return random.Random(seed).sample(bestbuy_rows(path), n)


def icecat_dev_sample(folder=ICECAT_DIR, n=N_ICECAT_DEV, seed=DEV_SEED):
    """The dev split: the test sample's ids removed from the sorted records, then a sample."""
    test_ids = {r["id"] for r in icecat_sample(folder)}
    records = sorted(icecat_records(folder), key=lambda r: r["id"])
    rest = [r for r in records if r["id"] not in test_ids]
    return random.Random(seed).sample(rest, n)


def icecat_dev2_sample(folder=ICECAT_DIR, n=N_ICECAT_DEV2, seed=DEV2_SEED):
    """The second dev split: the test and dev ids removed from the sorted records, then a sample."""
    taken = {r["id"] for r in icecat_sample(folder)} | {r["id"] for r in icecat_dev_sample(folder)}
    rest = [r for r in sorted(icecat_records(folder), key=lambda r: r["id"]) if r["id"] not in taken]
    return random.Random(seed).sample(rest, n)


def bestbuy_dev_sample(path=BESTBUY_FILE, n=N_BESTBUY_DEV, seed=DEV_SEED):
    """The dev split: the test sample's rows removed (file order kept), then a sample."""
    test_ids = {r["id"] for r in bestbuy_sample(path)}
    rest = [r for r in bestbuy_rows(path) if r["id"] not in test_ids]
    return random.Random(seed).sample(rest, n)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalog", choices=["icecat", "bestbuy"])
    parser.add_argument("--full", action="store_true", help="add the text a labeller reads")
    parser.add_argument(
        "--split",
        choices=["test", "dev", "dev2"],
        default="test",
        help="test: the held-out sample (seed 20261201); dev: the tuning sample (seed 20261202); "
        "dev2: a second tuning sample, Icecat only (seed 20261203)",
    )
    parser.add_argument("--bestbuy-file", type=Path, default=BESTBUY_FILE)
    args = parser.parse_args(argv)
    dev = args.split == "dev"
    if args.split == "dev2" and args.catalog != "icecat":
        parser.error("the dev2 split is Icecat only")

    out = csv.writer(sys.stdout, lineterminator="\n")
    if args.catalog == "icecat":
        out.writerow(["id", "title"] + (["supplier", "short_description"] if args.full else []))
        draw = {"test": icecat_sample, "dev": icecat_dev_sample, "dev2": icecat_dev2_sample}[args.split]
        for r in draw():
            extra = [r.get("supplier") or "", r.get("short_description") or ""]
            out.writerow([r["id"], r.get("title") or ""] + (extra if args.full else []))
    else:
        out.writerow(["id", "title"] + (["brand", "description", "categories"] if args.full else []))
        for r in bestbuy_dev_sample(args.bestbuy_file) if dev else bestbuy_sample(args.bestbuy_file):
            extra = [r.get("brand") or "", r.get("description") or "", " > ".join(r.get("categories") or [])]
            out.writerow([r["id"], r.get("name") or ""] + (extra if args.full else []))


if __name__ == "__main__":
    main()
