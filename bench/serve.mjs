// A static server for the browser benchmarks that logs every response it writes, so nothing
// the browser asks for escapes the count. Text types are gzip-compressed (level 6) as static
// hosts serve them; everything else goes out as is: kanmin's .bin index files, images, and
// Pagefind's index, fragment, metadata and wasm files, which Pagefind already gzips itself
// and decompresses in JavaScript (no Content-Encoding; their "raw" size is their size on disk).
//
// Each log entry has "wire", what the server wrote to the socket for the response (status
// line, headers and compressed body, like DevTools' "transferred"), and "raw", the body
// after HTTP content decoding (DevTools' "resource size").
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";

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

/** Serves `root`, with `pages` mapping paths to in-memory HTML; `dir/` serves `dir/index.html`. */
export async function serve(root, pages = {}) {
  root = resolve(root);
  const log = { entries: [], inflight: 0, lastActivity: Date.now() };
  // Identical bodies are compressed once: a benchmark asks for the same files hundreds of
  // times, and compressing them anew would add the server's time to what is measured.
  const gzipped = new Map();
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
      const key = pages[path] !== undefined ? `page:${path}` : file;
      const cached = gzipped.get(key);
      if (cached && cached.raw.equals(body)) {
        body = cached.gz;
      } else {
        const gz = gzipSync(body, { level: 6 });
        gzipped.set(key, { raw: body, gz });
        body = gz;
      }
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

/** Resolves once nothing has been requested or answered for `quietMs`. */
export async function networkIdle(log, quietMs) {
  while (log.inflight > 0 || Date.now() - log.lastActivity < quietMs) {
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

// Pagefind's default UI on a minimal search page (not written to the Hugo output): Hugo's
// pages have no search page. pagefind-ui.js + pagefind-ui.css with default options; the query
// starts from ?q= via PagefindUI.triggerSearch. The inline icon spares it the favicon probe,
// as kanmin's pages declare one too.
export const PAGEFIND_PAGE = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>検索</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
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
