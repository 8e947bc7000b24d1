#!/usr/bin/env python3
"""What first queries cost over a sample of words from the site itself, not a hand-picked few.

    python3 bench/search-sample.py PUBLIC_DIR [N_ONE_TERM] [N_TWO_TERM] [SEED]
    python3 bench/search-sample.py --list PUBLIC_DIR [N_ONE_TERM] [N_TWO_TERM] [SEED]

With --list, only prints the sampled queries, one a line (for bench/first-result.mjs).

Samples words from the records' searchable text (katakana words of 3-9 characters and kanji
compounds of 2-4, from every record's text), N_ONE_TERM (default 150) as one-term
queries and N_TWO_TERM (default 50) pairs as two-term queries, with a fixed seed, and runs
the reference query (target/release/examples/search-plan, the algorithm static/search.js
runs) for each. Prints how many queries stay within the issue's first-query budget (6
requests and 100 KB, page included), and the medians and 90th percentiles of requests and
bytes. Bytes are "wire" bytes as bench/first-query.mjs counts them in a browser: text files
gzip-compressed (level 6) as a static host serves them, the binary gram files as they are,
plus 190 bytes of response headers per request (the browser measurement agrees within
0.5 KiB on the ten queries of bench/search.sh).

Build search-plan first: cargo build --release --example search-plan
"""
import glob
import gzip
import json
import os
import random
import re
import subprocess
import sys

BUDGET_REQUESTS = 6
BUDGET_BYTES = 100_000
HEADER_BYTES = 190


def sample_queries(public, one_term, two_term, seed):
    # The records' searchable texts: the last field of each result record in docs/<n>.json.
    texts = []
    shards = sorted(glob.glob(os.path.join(public, "search/docs/*.json")), key=lambda p: int(os.path.basename(p)[:-5]))
    for shard in shards:
        with open(shard, encoding="utf-8") as f:
            texts += [record[-1] for record in json.load(f)]
    words = set()
    for text in texts:
        words.update(re.findall(r"[ァ-ヶー]{3,9}", text))
        words.update(re.findall(r"[一-龥]{2,4}", text))
    words = sorted(words)
    rng = random.Random(seed)
    queries = rng.sample(words, min(one_term, len(words)))
    queries += [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(two_term)]
    return queries


def main():
    args = sys.argv[1:]
    list_only = args[:1] == ["--list"]
    args = args[1:] if list_only else args
    if not args:
        sys.exit(__doc__)
    public = args[0]
    one_term = int(args[1]) if len(args) > 1 else 150
    two_term = int(args[2]) if len(args) > 2 else 50
    seed = int(args[3]) if len(args) > 3 else 7
    queries = sample_queries(public, one_term, two_term, seed)
    if list_only:
        print("\n".join(queries))
        return
    plan = os.path.join(os.path.dirname(__file__), "..", "target/release/examples/search-plan")
    out = subprocess.run([plan, public] + queries, capture_output=True, text=True, check=True).stdout

    sizes = {}

    def wire(path):
        if path not in sizes:
            with open(os.path.join(public, path), "rb") as f:
                body = f.read()
            sizes[path] = (len(body) if path.endswith(".bin") else len(gzip.compress(body, 6))) + HEADER_BYTES
        return sizes[path]

    rows = []
    for line in out.strip().split("\n"):
        query, _results, files = line.split("\t")[:3]
        files = files.split()
        rows.append((query, len(files), sum(wire(f) for f in files)))

    def within(row):
        return row[1] <= BUDGET_REQUESTS and row[2] <= BUDGET_BYTES

    def share(selected):
        return f"{sum(map(within, selected))} of {len(selected)}"

    def percentile(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, int(len(values) * p))]

    one = [r for r in rows if " " not in r[0]]
    two = [r for r in rows if " " in r[0]]
    print(f"{len(rows)} sampled queries (seed {seed}) on {public}")
    print(f"within {BUDGET_REQUESTS} requests and {BUDGET_BYTES // 1000} KB: {share(rows)} "
          f"(one term: {share(one)}; two terms: {share(two)})")
    for label, selected in (("all", rows), ("one term", one), ("two terms", two)):
        if not selected:
            continue
        requests = [r[1] for r in selected]
        kib = [r[2] / 1024 for r in selected]
        print(f"  {label:9s} requests median {percentile(requests, 0.5)}, p90 {percentile(requests, 0.9)}, "
              f"max {max(requests)}; KiB median {percentile(kib, 0.5):.1f}, p90 {percentile(kib, 0.9):.1f}, "
              f"max {max(kib):.1f}")


if __name__ == "__main__":
    main()
