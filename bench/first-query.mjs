// What a visitor's FIRST search query costs: HTTP requests and bytes, page included, for
// kanmin's search page and for Pagefind's stock UI over the same records built by Hugo.
//
//   node bench/first-query.mjs KANMIN_PUBLIC HUGO_PUBLIC QUERY...
//   VERBOSE=1 node bench/first-query.mjs ...     # also list every request with its sizes
//
// KANMIN_PUBLIC is a kanmin build (e.g. /tmp/s10k/public); HUGO_PUBLIC is the output of
// bench/to-hugo.py + `hugo`, indexed with `npx pagefind@1 --site HUGO_PUBLIC --output-subdir
// pagefind` (see bench/run.sh). Needs `npm ci` in tests/browser (playwright-core is resolved
// from there) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
//
// Each query runs in a fresh browser (empty HTTP cache) against a local server that
// counts every request it answers, favicon probes included, so nothing the browser asks for
// escapes the count. "wire" is what the server wrote to the socket for the response: status
// line, headers and (compressed) body, like DevTools' "transferred". "raw" is the body after
// HTTP content decoding, like DevTools' "resource size".
//
// Pagefind mode: Hugo's pages have no search page, so the server answers /search/ on the Hugo
// side with a minimal page (not written to HUGO_PUBLIC) that loads Pagefind's default UI,
// pagefind-ui.js + pagefind-ui.css, with default options, and starts the query from ?q= via
// PagefindUI.triggerSearch. The default UI shows 5 results and loads one fragment per result
// shown; kanmin shows 10 per page, so compare "shown" alongside the bytes.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { launch } from "../tests/browser/lib.mjs"; // resolves playwright-core from tests/browser

const [kanminRoot, hugoRoot, ...queries] = process.argv.slice(2);
if (!kanminRoot || !hugoRoot || queries.length === 0) {
  console.error("usage: node bench/first-query.mjs KANMIN_PUBLIC HUGO_PUBLIC QUERY...");
  process.exit(2);
}
const VERBOSE = process.env.VERBOSE === "1";
const QUIET_MS = 500; // the network must stay idle this long after the results are shown

// Text types are gzipped as a typical static host would (level 6). Everything else goes out
// as is: kanmin's .bin index shards, images, and Pagefind's index, fragment, metadata and
// wasm files, which Pagefind already gzips itself and decompresses in JavaScript, so they
// carry no Content-Encoding and their "raw" size is their compressed size on disk.
const TYPES = {
  ".html": ["text/html; charset=utf-8", true],
  ".css": ["text/css", true],
  ".js": ["text/javascript", true],
  ".mjs": ["text/javascript", true],
  ".json": ["application/json", true],
  ".xml": ["application/xml", true],
  ".svg": ["image/svg+xml", true],
  ".txt": ["text/plain; charset=utf-8", true],
  ".ico": ["image/x-icon", false],
  ".png": ["image/png", false],
  ".wasm": ["application/wasm", false],
};

const PAGEFIND_PAGE = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>検索</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<link href="/pagefind/pagefind-ui.css" rel="stylesheet">
<script src="/pagefind/pagefind-ui.js"></script></head>
<body><main><h1>検索</h1><div id="search"></div></main>
<script>
  window.addEventListener("DOMContentLoaded", () => {
    const ui = new PagefindUI({ element: "#search" });
    const q = new URLSearchParams(location.search).get("q");
    if (q) ui.triggerSearch(q);
  });
</script></body></html>
`;

/** A static server over `root` that logs each response; `pages` maps paths to in-memory HTML. */
async function serve(root, pages = {}) {
  root = resolve(root);
  const log = { entries: [], inflight: 0, lastActivity: Date.now() };
  const server = createServer(async (req, res) => {
    log.inflight++;
    log.lastActivity = Date.now();
    const wireBefore = req.socket.bytesWritten;
    const entry = { path: req.url, status: 200, wire: 0, raw: 0, gzip: false };
    log.entries.push(entry);
    // HTTP/1.1 without pipelining: one response at a time per socket, so the socket's byte
    // count grows by exactly this response (headers included).
    res.on("finish", () => {
      entry.wire = req.socket.bytesWritten - wireBefore;
      log.inflight--;
      log.lastActivity = Date.now();
    });
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let body = pages[path] !== undefined ? Buffer.from(pages[path]) : null;
    let file = join(root, path);
    if (!body && (file === root || file.startsWith(root + sep))) {
      try {
        if ((await stat(file)).isDirectory()) file = join(file, "index.html");
        body = await readFile(file);
      } catch {
        body = null;
      }
    }
    if (!body) {
      entry.status = 404;
      entry.raw = 9; // a bare 404, not the site's 404 page, so probes cost only headers
      res.writeHead(404, { "Content-Type": "text/plain", "Content-Length": 9 });
      res.end("not found");
      return;
    }
    const [type, compressible] = TYPES[pages[path] !== undefined ? ".html" : extname(file)] ??
      ["application/octet-stream", false];
    entry.raw = body.length;
    const headers = { "Content-Type": type, "Cache-Control": "no-cache" };
    if (compressible && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
      body = gzipSync(body);
      headers["Content-Encoding"] = "gzip";
      headers.Vary = "Accept-Encoding";
      entry.gzip = true;
    }
    headers["Content-Length"] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, log, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Resolves once nothing has been requested or answered for QUIET_MS. */
async function networkIdle(log) {
  while (log.inflight > 0 || Date.now() - log.lastActivity < QUIET_MS) {
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

// Per tool: the page to open, and a browser-side check that returns null until the results
// are on screen, then { shown, total }.
const TOOLS = [
  {
    name: "kanmin",
    root: kanminRoot,
    pages: {},
    done: () => {
      const status = document.querySelector("#search-status")?.textContent ?? "";
      const shown = document.querySelectorAll("main #search-results a").length;
      if (!status || (!shown && !status.includes("見つかりませんでした"))) return null;
      return { shown, total: Number(status.match(/：(\d+)件/)?.[1] ?? 0), status };
    },
  },
  {
    name: "pagefind",
    root: hugoRoot,
    pages: { "/search/": PAGEFIND_PAGE, "/search/index.html": PAGEFIND_PAGE },
    done: (query) => {
      // The UI speaks Japanese on this lang="ja" page: "Qを検索しています" while searching, then
      // "QのN件の検索結果" or "Qの検索に一致する情報はありませんでした".
      const message = (document.querySelector(".pagefind-ui__message")?.textContent ?? "").replace(query, "");
      const total = message.match(/\d+/)?.[0];
      if (!total && !message.includes("ありませんでした")) return null;
      // Result items show a loading skeleton until their fragment has arrived.
      const results = document.querySelectorAll(".pagefind-ui__result").length;
      const shown = document.querySelectorAll(".pagefind-ui__result-link").length;
      if (document.querySelector(".pagefind-ui__loading") || shown < results) return null;
      return { shown, total: Number(total ?? 0), status: query + message };
    },
  },
];

const servers = await Promise.all(TOOLS.map((tool) => serve(tool.root, tool.pages)));
const rows = [];
try {
  for (const query of queries) {
    for (const [i, tool] of TOOLS.entries()) {
      const { log, origin } = servers[i];
      log.entries = [];
      // A fresh browser, not only a fresh context: Chromium remembers a missing favicon across
      // contexts, and a first-time visitor's browser would still ask for it.
      const browser = await launch();
      const context = await browser.newContext(); // empty HTTP cache, no cookies
      const page = await context.newPage();
      await page.goto(`${origin}/search/?q=${encodeURIComponent(query)}`);
      const handle = await page.waitForFunction(tool.done, query, { timeout: 60_000, polling: 50 });
      const result = await handle.jsonValue();
      await networkIdle(log);
      await browser.close();
      const sum = (key) => log.entries.reduce((total, e) => total + e[key], 0);
      rows.push({ query, tool: tool.name, ...result, requests: log.entries.length, wire: sum("wire"), raw: sum("raw") });
      if (VERBOSE) {
        console.log(`\n${tool.name} ${query}: ${result.status}`);
        for (const e of log.entries) {
          console.log(`  ${e.status} ${String(e.wire).padStart(9)} ${String(e.raw).padStart(9)} ${e.gzip ? "gz" : "  "} ${decodeURIComponent(e.path)}`);
        }
      }
    }
  }
} finally {
  for (const { server } of servers) server.close();
}

// East Asian text is two columns wide in a terminal; pad by display width.
const width = (s) => [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
const cell = (s, n, right) => {
  s = String(s);
  const pad = " ".repeat(Math.max(0, n - width(s)));
  return right ? pad + s : s + pad;
};
const kb = (n) => (n / 1024).toFixed(1);
console.log("\nPagefind: stock PagefindUI (pagefind-ui.js/.css, default options) on a minimal /search/ page served by this script; query via triggerSearch.");
console.log("kanmin: its own /search/?q= page. Sizes in KiB; wire = headers + gzip-compressed text; raw = decoded bodies.\n");
console.log([cell("query", 20), cell("tool", 9), cell("shown", 6, 1), cell("total", 7, 1), cell("requests", 9, 1), cell("wire KiB", 10, 1), cell("raw KiB", 10, 1)].join(" "));
for (const r of rows) {
  console.log([cell(r.query, 20), cell(r.tool, 9), cell(r.shown, 6, 1), cell(r.total, 7, 1), cell(r.requests, 9, 1), cell(kb(r.wire), 10, 1), cell(kb(r.raw), 10, 1)].join(" "));
}
