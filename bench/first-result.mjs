// Time from navigation to the first result link of a search, on a phone's network: kanmin's
// /search/?q= page beside Pagefind's default UI on Hugo's pages of the same records.
//
//   node bench/first-result.mjs QUERIES_FILE LABEL=KIND:PUBLIC_DIR...
//   e.g. node bench/first-result.mjs q.txt kanmin=kanmin:bench-out/site-10000 pagefind=pagefind:bench-out/hugo-site-10000
//   OUT=runs.jsonl ...   also write every run as a JSON line
//
// KIND is `kanmin` (a kanmin build) or `pagefind` (Hugo's output with a `pagefind/` folder,
// bench/search-latency.sh makes both). QUERIES_FILE has one query per line. Every query runs
// once per site, the sites interleaved and their order rotated from query to query, so a
// noisy spell on the machine hits all alike.
//
// Each run: a fresh browser context (empty HTTP cache, new connections) with the HTTP cache
// disabled and Lighthouse's Slow 4G profile applied through Chromium's network emulation
// (CDP Network.emulateNetworkConditions: 150 ms latency per request, 1.6 Mbit/s down,
// 750 kbit/s up), against bench/serve.mjs (gzip for text types, as static hosts). The time is
// performance.now() (from navigation start) when the first result link enters the page, or,
// for a query without results, the message saying so; bytes and requests count everything
// served until the network has been idle for QUIET_MS after that.
import { writeFileSync, readFileSync } from "node:fs";
import { launch } from "../tests/browser/lib.mjs"; // resolves playwright-core from tests/browser
import { networkIdle, PAGEFIND_PAGE, serve } from "./serve.mjs";

const [queriesFile, ...siteArgs] = process.argv.slice(2);
if (!queriesFile || siteArgs.length === 0) {
  console.error("usage: node bench/first-result.mjs QUERIES_FILE LABEL=KIND:PUBLIC_DIR...");
  process.exit(2);
}
const QUIET_MS = 300;
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

// What marks a search as answered, per kind: the first result link, or the no-results message.
const KINDS = {
  kanmin: {
    pages: {},
    link: "main #search-results a",
    status: "#search-status",
    none: "見つかりませんでした",
  },
  pagefind: {
    pages: { "/search/": PAGEFIND_PAGE, "/search/index.html": PAGEFIND_PAGE },
    link: ".pagefind-ui__result-link",
    status: ".pagefind-ui__message",
    none: "ありませんでした",
  },
};

const queries = readFileSync(queriesFile, "utf8").split("\n").filter((q) => q.trim());
const sites = await Promise.all(siteArgs.map(async (arg) => {
  const [, label, kind, dir] = arg.match(/^([^=]+)=(kanmin|pagefind):(.+)$/) ?? [];
  if (!label) throw new Error(`not LABEL=KIND:PUBLIC_DIR: ${arg}`);
  return { label, kind, ...(await serve(dir, KINDS[kind].pages)) };
}));

// Installed before any page script: records when the answer first appears in the document.
function watch({ link, status, none }) {
  const observer = new MutationObserver(() => {
    const found = document.querySelector(link);
    const message = document.querySelector(status)?.textContent ?? "";
    if (found || message.includes(none)) {
      window.__answered = { ms: performance.now(), found: Boolean(found) };
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

const browser = await launch();
const runs = [];
try {
  for (const [n, query] of queries.entries()) {
    const order = sites.map((_, i) => sites[(i + n) % sites.length]);
    for (const site of order) {
      const kind = KINDS[site.kind];
      site.log.entries = [];
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
      await page.addInitScript(watch, kind);
      await page.goto(`${site.origin}/search/?q=${encodeURIComponent(query)}`, { waitUntil: "commit" });
      await page.waitForFunction(() => window.__answered, null, { timeout: 120_000, polling: 50 });
      const answered = await page.evaluate(() => window.__answered);
      const shown = await page.$$eval(kind.link, (links) => links.length);
      await networkIdle(site.log, QUIET_MS);
      await context.close();
      const sum = (key) => site.log.entries.reduce((total, e) => total + e[key], 0);
      runs.push({
        site: site.label, query, ms: Math.round(answered.ms), found: answered.found, shown,
        requests: site.log.entries.length, wire: sum("wire"), raw: sum("raw"),
        files: site.log.entries.map((e) => `${e.wire} ${decodeURIComponent(e.path)}`),
      });
    }
    if ((n + 1) % 20 === 0) console.error(`${n + 1} of ${queries.length} queries`);
  }
} finally {
  await browser.close();
  for (const { server } of sites) server.close();
}
if (process.env.OUT) writeFileSync(process.env.OUT, runs.map((r) => JSON.stringify(r)).join("\n") + "\n");

// Nearest-rank percentiles.
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
};
const kb = (bytes) => (bytes / 1000).toFixed(1);
console.log(`${queries.length} queries; time from navigation to the first result link (ms), bytes on the wire (kB = 1000 bytes), requests; Slow 4G, cache disabled`);
console.log("site       queries  found   p50 ms  p90 ms  max ms   p50 kB  p90 kB  max kB  p50 req  p90 req  max req");
const row = (label, selected) => {
  const ms = selected.map((r) => r.ms);
  const wire = selected.map((r) => r.wire);
  const requests = selected.map((r) => r.requests);
  console.log([
    label.padEnd(10), String(selected.length).padStart(7), String(selected.filter((r) => r.found).length).padStart(6),
    ...[0.5, 0.9, 1].map((p) => String(percentile(ms, p)).padStart(7)),
    ...[0.5, 0.9, 1].map((p) => kb(percentile(wire, p)).padStart(7)),
    ...[0.5, 0.9, 1].map((p) => String(percentile(requests, p)).padStart(8)),
  ].join(" "));
};
for (const site of sites) {
  const mine = runs.filter((r) => r.site === site.label);
  row(site.label, mine);
  row("  1 term", mine.filter((r) => !/\s/.test(r.query.trim())));
  row("  2 terms", mine.filter((r) => /\s/.test(r.query.trim())));
}
