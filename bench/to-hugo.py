#!/usr/bin/env python3
"""Turns a kanmin content folder into a Hugo site with the same records as Markdown pages.

Each partnership, theme, proposal and sounding becomes one content page: front matter with
the title and date, and a Markdown body holding the same texts kanmin renders (summary, body,
outcomes, ...). Minimal list and single layouts make Hugo render comparable HTML pages, so the
benchmark compares page generation, not themes. Usage: to-hugo.py CONTENT_DIR HUGO_SITE_DIR
"""
import os
import shutil
import sys

import yaml

TEXT_FIELDS = ["summary", "body", "outcomes", "issue", "existing_programs", "sustainability",
               "expected", "idea", "purpose", "results"]
DATE_FIELDS = ["concluded_on", "open_from", "received_on", "announced_on"]

CONFIG = """baseURL = "https://example.org/colab/"
languageCode = "ja"
title = "官民連携 (Hugo comparison)"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[minify]
  minifyOutput = true
"""

BASEOF = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time></p>
<div data-pagefind-body>{{ .Content }}</div></article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range (.Paginate .Pages 50).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary | plainify | truncate 120 }}</li>
{{ end }}</ul>{{ template "_internal/pagination.html" . }}{{ end }}
"""


def main():
    content_dir, site_dir = sys.argv[1], sys.argv[2]
    shutil.rmtree(site_dir, ignore_errors=True)
    os.makedirs(os.path.join(site_dir, "layouts", "_default"))
    with open(os.path.join(site_dir, "config.toml"), "w") as f:
        f.write(CONFIG)
    for name, text in [("baseof", BASEOF), ("single", SINGLE), ("list", LIST)]:
        with open(os.path.join(site_dir, "layouts", "_default", name + ".html"), "w") as f:
            f.write(text)
    with open(os.path.join(site_dir, "layouts", "index.html"), "w") as f:
        f.write(LIST)
    for kind in ["partnerships", "themes", "proposals", "soundings"]:
        source = os.path.join(content_dir, kind)
        target = os.path.join(site_dir, "content", kind)
        os.makedirs(target)
        with open(os.path.join(target, "_index.md"), "w") as f:
            f.write(f"---\ntitle: {kind}\n---\n")
        for file_name in sorted(os.listdir(source)) if os.path.isdir(source) else []:
            with open(os.path.join(source, file_name), encoding="utf-8") as f:
                record = yaml.safe_load(f)
            date = next((str(record[d]) for d in DATE_FIELDS if d in record), "2026-01-01")
            body = "\n\n".join(str(record[field]) for field in TEXT_FIELDS if isinstance(record.get(field), str))
            front = yaml.safe_dump({"title": record["title"], "date": date}, allow_unicode=True)
            stem = file_name.rsplit(".", 1)[0]
            with open(os.path.join(target, stem + ".md"), "w", encoding="utf-8") as f:
                f.write(f"---\n{front}---\n{body}\n")


if __name__ == "__main__":
    main()
