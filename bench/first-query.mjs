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
// Each query runs in a fresh browser (empty HTTP cache) against bench/serve.mjs, which counts
// every request it answers and its bytes ("wire" and "raw"). On the Hugo side it answers
// /search/ with a minimal page that loads Pagefind's default UI (PAGEFIND_PAGE). The default
// UI shows 5 results and loads one fragment per result shown; compare "shown" alongside the
// bytes. Time under a phone's network: bench/first-result.mjs.
import { launch } from "../tests/browser/lib.mjs"; // resolves playwright-core from tests/browser
import { networkIdle, PAGEFIND_PAGE, serve } from "./serve.mjs";

const [kanminRoot, hugoRoot, ...queries] = process.argv.slice(2);
if (!kanminRoot || !hugoRoot || queries.length === 0) {
  console.error("usage: node bench/first-query.mjs KANMIN_PUBLIC HUGO_PUBLIC QUERY...");
  process.exit(2);
}
const VERBOSE = process.env.VERBOSE === "1";
const QUIET_MS = 500; // the network must stay idle this long after the results are shown

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
      await networkIdle(log, QUIET_MS);
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
