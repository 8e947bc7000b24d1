#!/usr/bin/env python3
"""Time from writing one record to `kanmin serve` serving the changed page.

Usage: serve-latency.py KANMIN_BINARY PROJECT_DIR [EDITS [PAUSE_S]]. Starts `kanmin serve
--port 0` on PROJECT_DIR (loopback only), edits the title of the first partnership EDITS times
(default 5), PAUSE_S seconds (default 0.3) after the previous edit showed, and prints each
latency and the median in milliseconds. Restores the file at the end.

A short pause measures edits in quick succession, which wait for the previous rebuild's later
stages; a pause longer than a full rebuild (e.g. 6 s on 10k records) measures one edit alone.
"""
import os
import statistics
import subprocess
import sys
import time
import urllib.request

binary, project = sys.argv[1], sys.argv[2]
edits = int(sys.argv[3]) if len(sys.argv) > 3 else 5
pause = float(sys.argv[4]) if len(sys.argv) > 4 else 0.3
folder = os.path.join(project, "content", "partnerships")
record = sorted(os.listdir(folder))[0]
path = os.path.join(folder, record)
original = open(path, encoding="utf-8").read()

server = subprocess.Popen([binary, "serve", "--port", "0", "--root", project],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    url = server.stdout.readline().split()[-1] + "partnerships/" + record.rsplit(".", 1)[0] + "/"
    latencies = []
    for n in range(edits):
        marker = f"計測用の見出し{n}"
        lines = original.splitlines(keepends=True)
        lines = [f"title: {marker}\n" if l.startswith("title:") else l for l in lines]
        started = time.monotonic()
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(lines))
        while marker not in urllib.request.urlopen(url, timeout=30).read().decode():
            if time.monotonic() - started > 60:
                sys.exit("the edit did not show up within 60 s")
            time.sleep(0.005)
        latencies.append((time.monotonic() - started) * 1000)
        time.sleep(pause)
    print(" ".join(f"{ms:.0f}" for ms in latencies), "ms; median", f"{statistics.median(latencies):.0f} ms")
finally:
    with open(path, "w", encoding="utf-8") as f:
        f.write(original)
    server.terminate()
    server.wait(timeout=10)
