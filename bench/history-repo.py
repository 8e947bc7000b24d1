#!/usr/bin/env python3
"""Turns a generated corpus into a git repository with a realistic history, for measuring
what reading the history costs a build (BENCHMARKS.md, "History").

    bench/history-repo.py CORPUS_DIR REPO_DIR [COMMITS]

CORPUS_DIR holds `content/` (examples/gen-corpus.rs). REPO_DIR gets the same `content/` as a
repository of COMMITS commits (default 10,000), written with `git fast-import`: the records
arrive in 100 batches, and every later commit edits one record: a public field (the summary)
two times in three, otherwise only `internal` (a change that must not show). Dates advance an
hour per commit from 2024-04-01, Japan time.
"""
import os
import random
import subprocess
import sys

corpus, repo = sys.argv[1], sys.argv[2]
commits = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
random.seed(7)

files = []
for folder in sorted(os.listdir(os.path.join(corpus, "content"))):
    path = os.path.join(corpus, "content", folder)
    if os.path.isdir(path):
        for name in sorted(os.listdir(path)):
            files.append(f"content/{folder}/{name}")
texts = {f: open(os.path.join(corpus, f), "rb").read() for f in files}
site = open(os.path.join(corpus, "content", "site.yaml"), "rb").read()

os.makedirs(repo, exist_ok=True)
subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
fast = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
out = fast.stdin
time = 1711897200  # 2024-04-01T00:00:00+09:00
batches = 100
batch = (len(files) + batches - 1) // batches
records = [f for f in files if f.endswith(".yaml")]
mark = 0


def commit(message, changes):
    global time, mark
    mark += 1
    time += 3600
    out.write(b"commit refs/heads/main\n")
    out.write(f"mark :{mark}\n".encode())
    out.write(f"committer Ward Staff <colab@example.jp> {time} +0900\n".encode())
    data = message.encode()
    out.write(f"data {len(data)}\n".encode() + data + b"\n")
    if mark > 1:
        out.write(f"from :{mark - 1}\n".encode())
    for path, text in changes:
        out.write(f"M 100644 inline {path}\ndata {len(text)}\n".encode() + text + b"\n")


first = [("content/site.yaml", site)]
for number in range(batches):
    chunk = files[number * batch:(number + 1) * batch]
    commit(f"records {number + 1}", (first if number == 0 else []) + [(f, texts[f]) for f in chunk])
for number in range(commits - batches):
    path = random.choice(records)
    text = texts[path]
    if number % 3 == 2:
        marker = b"internal:\n"
        note = f"internal:\n  memo: \"{number}\"\n".encode()
        text = text.split(marker)[0].rstrip(b"\n") + b"\n" + note
    else:
        # Summaries are literal blocks (`summary: |` then indented lines).
        text = text.replace(b"summary: |\n  ", f"summary: |\n  第{number}版。".encode(), 1)
    texts[path] = text
    commit(f"edit {number}", [(path, text)])
out.close()
fast.wait()
subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)
print(f"{repo}: {mark} commits, {len(files)} files")
