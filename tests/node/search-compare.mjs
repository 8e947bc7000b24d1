// Runs the search page's own query code (themes/default/static/search.js) over a built site's
// index files read from disk, for tests/search.rs to compare with the Rust reference query:
//   node search-compare.mjs PUBLIC_DIR QUERIES_JSON
// QUERIES_JSON is a file holding [[text, [[facet, value], ...]], ...]; prints the matching
// document ids of each query, best first, as a JSON array of arrays.
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Index, queryTerms, readLayout, search } from "../../themes/default/static/search.js";

const [publicDir, queriesFile] = process.argv.slice(2);
const page = await readFile(`${publicDir}/search/index.html`, "utf8");
// The search form's data attributes as the browser's `dataset` gives them (the page is
// minified: values may be unquoted, an empty one may be a bare attribute).
const form = page.match(/<form[^>]*id=(?:"search-form"|search-form)[^>]*>/)[0];
const dataset = {};
for (const [, name, quoted, bare] of form.matchAll(/\sdata-([a-z-]+)(?:=(?:"([^"]*)"|([^\s">]*)))?/g)) {
  dataset[name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = quoted ?? bare ?? "";
}
const fetchFile = async (url, as) => {
  const bytes = await readFile(fileURLToPath(url));
  return as === "json" ? JSON.parse(bytes.toString("utf8")) : new Uint8Array(bytes);
};
const index = new Index(pathToFileURL(`${publicDir}/search/`), readLayout(dataset), fetchFile);
const results = [];
for (const [text, facets] of JSON.parse(await readFile(queriesFile, "utf8"))) {
  const hits = await search(index, queryTerms(text), facets);
  results.push(hits.map((hit) => hit.doc));
}
console.log(JSON.stringify(results));
