// kanmin site search: a faithful port of src/search/query.rs (the reference the tests run),
// plus the page around it. No framework and no build step; record text only ever reaches
// the page through textContent.

const PAGE_SIZE = 10;
const TYPING_DELAY_MS = 250;
const SNIPPET_BEFORE = 30;
const SNIPPET_LENGTH = 120;

// ---- normalisation (src/search/normalize.rs) -------------------------------------------

/** NFKC, then lowercase character by character, as Rust's `char::to_lowercase`. */
export function normalize(text) {
  let out = "";
  for (const c of text.normalize("NFKC")) out += c.toLowerCase();
  return out;
}

/** The same separator set as `is_separator` in src/search/index.rs. */
const SEPARATORS = /[\s\u0085]+/u;

export function queryTerms(text) {
  const terms = [];
  for (const term of normalize(text).split(SEPARATORS)) {
    if (term && !terms.includes(term)) terms.push(term);
  }
  return terms;
}

// ---- index format (src/search/encoding.rs) ----------------------------------------------

class Reader {
  constructor(bytes, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }
  varint() {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.bytes.length) throw new Error("index file ends early");
      const byte = this.bytes[this.at++];
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
  }
}

export function keyHash(key) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const decoder = new TextDecoder();

export function findPosting(shard, key) {
  const reader = new Reader(shard);
  const count = reader.varint();
  let found = null;
  let skipped = 0;
  for (let i = 0; i < count; i++) {
    const keyLength = reader.varint();
    const thisKey = decoder.decode(shard.subarray(reader.at, reader.at + keyLength));
    reader.at += keyLength;
    const length = reader.varint();
    if (found === null && thisKey === key) found = [skipped, length];
    skipped += length;
  }
  if (found === null) return null;
  const start = reader.at + found[0];
  return shard.subarray(start, start + found[1]);
}

/** Map of doc id → flag (in title, for unigrams). */
export function decodeDocList(posting) {
  const reader = new Reader(posting);
  const count = reader.varint();
  const docs = new Map();
  let doc = 0;
  for (let i = 0; i < count; i++) {
    const value = reader.varint();
    doc += Math.floor(value / 2);
    docs.set(doc, value % 2 === 1);
  }
  return docs;
}

/** Array of {doc, positions, inTitle}. */
export function decodePositional(posting) {
  const reader = new Reader(posting);
  const count = reader.varint();
  const list = [];
  let doc = 0;
  for (let i = 0; i < count; i++) {
    doc += reader.varint();
    const n = reader.varint();
    const inTitle = reader.varint();
    const positions = new Array(n);
    let position = 0;
    for (let j = 0; j < n; j++) {
      position += reader.varint();
      positions[j] = position;
    }
    list.push({ doc, positions, inTitle });
  }
  return list;
}

// ---- query (src/search/query.rs) --------------------------------------------------------

export function cover(term, gram) {
  const chars = Array.from(term);
  if (chars.length <= gram) return [[0, term]];
  const grams = [];
  for (let o = 0; o + gram <= chars.length; o += gram) grams.push([o, chars.slice(o, o + gram).join("")]);
  if (chars.length % gram !== 0) {
    const last = chars.length - gram;
    grams.push([last, chars.slice(last).join("")]);
  }
  return grams;
}

function sortedHas(positions, value) {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (positions[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low < positions.length && positions[low] === value;
}

/** Index files by path under search/, fetched once each. */
export class Index {
  constructor(baseUrl, layout, fetchFile) {
    this.baseUrl = baseUrl;
    this.layout = layout;
    this.fetchFile = fetchFile;
    this.cache = new Map();
  }
  file(path, as = "bytes") {
    if (!this.cache.has(path)) {
      const url = new URL(`${path}?v=${this.layout.version}`, this.baseUrl);
      this.cache.set(path, this.fetchFile(url, as));
    }
    return this.cache.get(path);
  }
  gramShard(key) {
    const hash = keyHash(key);
    const own = hash.toString(16).padStart(8, "0");
    if (this.layout.ownFiles.has(own)) return this.file(`grams/h${own}.bin`);
    return this.file(`grams/${hash % this.layout.gramShards}.bin`);
  }
  docShard(doc) {
    return this.file(`docs/${Math.floor(doc / this.layout.docsPerShard)}.json`, "json");
  }
}

async function matchTerm(index, term) {
  const gram = index.layout.gram;
  const grams = cover(term, gram);
  const shards = await Promise.all(grams.map(([, key]) => index.gramShard(key)));
  const postings = grams.map(([offset, key], i) => [offset, findPosting(shards[i], key)]);
  if (Array.from(term).length < gram) {
    return postings[0][1] ? decodeDocList(postings[0][1]) : new Map();
  }
  if (postings.some(([, posting]) => posting === null)) return new Map();
  const decoded = postings.map(([offset, posting]) => [offset, decodePositional(posting)]);
  const [first, ...rest] = decoded;
  const others = rest.map(([offset, list]) => [offset, new Map(list.map((o) => [o.doc, o]))]);
  const docs = new Map();
  docs: for (const occurrences of first[1]) {
    const inDoc = [];
    for (const [offset, byDoc] of others) {
      const o = byDoc.get(occurrences.doc);
      if (!o) continue docs;
      inDoc.push([offset, o.positions]);
    }
    // Title positions come first, so the first match tells whether the title has one.
    const firstMatch = occurrences.positions.findIndex((position) =>
      inDoc.every(([offset, positions]) => sortedHas(positions, position + offset)),
    );
    if (firstMatch >= 0) docs.set(occurrences.doc, firstMatch < occurrences.inTitle);
  }
  return docs;
}

/** Every matching document as {doc, titleTerms}, best first. */
export async function search(index, terms, facets) {
  let matched = null;
  const termResults = await Promise.all(terms.map((term) => matchTerm(index, term)));
  for (const docs of termResults) {
    if (matched === null) {
      matched = new Map([...docs].map(([doc, title]) => [doc, title ? 1 : 0]));
    } else {
      const next = new Map();
      for (const [doc, count] of matched) {
        if (docs.has(doc)) next.set(doc, count + (docs.get(doc) ? 1 : 0));
      }
      matched = next;
    }
  }
  const facetShards = await Promise.all(facets.map(([facet]) => index.file(`facets/${facet}.bin`)));
  facets.forEach(([, value], i) => {
    const posting = findPosting(facetShards[i], value);
    const docs = posting ? decodeDocList(posting) : new Map();
    if (matched === null) {
      matched = new Map([...docs.keys()].map((doc) => [doc, 0]));
    } else {
      for (const doc of [...matched.keys()]) if (!docs.has(doc)) matched.delete(doc);
    }
  });
  const hits = [...(matched ?? new Map())].map(([doc, titleTerms]) => ({ doc, titleTerms }));
  hits.sort((a, b) => b.titleTerms - a.titleTerms || a.doc - b.doc);
  return hits;
}

// ---- highlighting -----------------------------------------------------------------------

/**
 * The normalised text with, per normalised character, the index of the original character
 * it came from, so matches found in normalised form can be marked in the original text. A
 * base character and its combining marks (ｶﾞ) are normalised together, as NFKC composes them.
 */
function normalizedWithMap(text) {
  const original = Array.from(text);
  const normalized = [];
  const origin = [];
  let i = 0;
  for (const cluster of text.match(/\P{M}[\p{M}\uFF9E\uFF9F]*|[\p{M}\uFF9E\uFF9F]+/gsu) ?? []) {
    for (const c of normalize(cluster)) {
      normalized.push(c);
      origin.push(i);
    }
    i += Array.from(cluster).length;
  }
  return { original, normalized, origin };
}

/** Ranges [start, end) in original characters where any term occurs. */
function matchRanges(text, terms) {
  const { original, normalized, origin } = normalizedWithMap(text);
  const ranges = [];
  for (const term of terms) {
    const t = Array.from(term);
    for (let p = 0; p + t.length <= normalized.length; p++) {
      if (t.every((c, k) => normalized[p + k] === c)) {
        const end = p + t.length < origin.length ? origin[p + t.length] : original.length;
        ranges.push([origin[p], Math.max(end, origin[p] + 1)]);
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return { original, ranges };
}

/** Appends `chars[from..to)` to `parent`, with the ranges marked. */
function appendMarked(parent, chars, ranges, from, to) {
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= at || start >= to) continue;
    const s = Math.max(start, at);
    if (s > at) parent.append(chars.slice(at, s).join(""));
    const mark = document.createElement("mark");
    mark.textContent = chars.slice(s, Math.min(end, to)).join("");
    parent.append(mark);
    at = Math.min(end, to);
  }
  if (at < to) parent.append(chars.slice(at, to).join(""));
}

// ---- results ----------------------------------------------------------------------------

/** A result record of docs/<n>.json (`DocDisplay` in src/search/index.rs), named. */
function readDoc(record, departments) {
  const [path, title, kind, date, depts, organisations, lead, text] = record;
  return { path, title, kind, date, departments: depts.map((i) => departments[i]), organisations, lead, text };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

/**
 * A date as the page's language writes it, as `format::date` in kanmin-render does:
 * 令和8年(2026年)5月1日, or 1 May 2026 (Reiwa 8).
 */
export function formatDate(iso, lang) {
  if (lang !== "en") return wareki(iso);
  const [year, month, day] = iso.split("-").map(Number);
  const era = iso >= "2019-05-01" ? ["Reiwa", year - 2018] : iso >= "1989-01-08" ? ["Heisei", year - 1988] : null;
  const western = `${day} ${MONTHS[month - 1]} ${year}`;
  return era ? `${western} (${era[0]} ${era[1]})` : western;
}

/** 令和8年(2026年)5月1日, as `format::wareki` in src/render/format.rs writes dates. */
export function wareki(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  const era =
    iso >= "2019-05-01" ? ["令和", year - 2018] : iso >= "1989-01-08" ? ["平成", year - 1988] : null;
  if (!era) return `${year}年${month}月${day}日`;
  const eraYear = era[1] === 1 ? "元年" : `${era[1]}年`;
  return `${era[0]}${eraYear}(${year}年)${month}月${day}日`;
}

/** A paragraph of `text` with every match of the terms marked. */
function marked(text, terms, className) {
  const { original, ranges } = matchRanges(text, terms);
  const p = document.createElement("p");
  p.className = className;
  appendMarked(p, original, ranges, 0, original.length);
  return p;
}

/** Whether the card shows every term (`card_shows_terms` in src/search/query.rs). */
function cardShowsTerms(doc, terms) {
  const shown = normalize([doc.title, doc.lead, ...doc.organisations, ...doc.departments].join("\n"));
  return terms.every((term) => shown.includes(term));
}

/** Up to SNIPPET_LENGTH characters of the record's text around its first match. */
function snippet(text, terms) {
  const { original, ranges } = matchRanges(text.replace(/\n/g, " "), terms);
  const first = ranges.length ? ranges[0][0] : 0;
  const from = Math.max(0, first - SNIPPET_BEFORE);
  const to = Math.min(original.length, from + SNIPPET_LENGTH);
  const p = document.createElement("p");
  p.className = "card-summary";
  if (from > 0) p.append("…");
  appendMarked(p, original, ranges, from, to);
  if (to < original.length) p.append("…");
  return p;
}

/**
 * The lines of a result below its title: the partners (where a company finds its name) and
 * the opening of the summary, or, when the card would not show a term, a snippet of the
 * record's text around the first match (`text` is then the record's text).
 */
function resultDetails(doc, terms, text, say) {
  const lines = [];
  if (doc.organisations.length) {
    lines.push(marked(say("msgOrganisations", { names: doc.organisations.join(say("msgSep")) }), terms, "card-partners"));
  }
  if (text !== undefined) lines.push(snippet(text, terms));
  else if (doc.lead) lines.push(marked(doc.lead, terms, "card-summary"));
  return lines;
}

// ---- the page ---------------------------------------------------------------------------

/** The index layout from the search form's data attributes (`Layout` in src/search/index.rs). */
export function readLayout(dataset) {
  return {
    version: dataset.version,
    gram: Number(dataset.gram),
    gramShards: Number(dataset.gramShards),
    // Hashes of the keys that have a file of their own (large postings).
    ownFiles: new Set((dataset.ownFiles ?? "").split(" ").filter(Boolean)),
    docsPerShard: Number(dataset.docsPerShard),
  };
}

function fetchFile(url, as) {
  return fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${response.status} ${url}`);
    return as === "json" ? response.json() : response.arrayBuffer().then((b) => new Uint8Array(b));
  });
}

function optionLabels(select) {
  return new Map(select ? [...select.options].map((o) => [o.value, o.textContent]) : []);
}

function start() {
  const form = document.getElementById("search-form");
  if (!form) return;
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const selects = [...form.querySelectorAll("select")];
  const kindLabels = optionLabels(document.getElementById("search-facet-kind"));
  const departments = [...(document.getElementById("search-facet-dept")?.options ?? [])]
    .map((o) => o.value)
    .filter(Boolean);
  const root = new URL(form.dataset.root, location.href);
  const lang = document.documentElement.lang;
  // The page's messages, from its form (the theme's message table); the Japanese ones for a
  // theme's search.html written before there were languages.
  const defaults = {
    msgEnter: "検索する言葉を入力してください。",
    msgResultsFor: "「{q}」の検索結果",
    msgFiltered: "絞り込みの結果",
    msgCount: "{what}：{n}件",
    msgNone: "{what}：見つかりませんでした。",
    msgFailed: "検索の索引を読み込めませんでした。時間をおいて再度お試しください。",
    msgOrganisations: "連携先・提案者：{names}",
    msgSep: "、",
  };
  const say = (name, values = {}) =>
    (form.dataset[name] ?? defaults[name]).replace(/\{(\w+)\}/g, (whole, key) => values[key] ?? whole);
  const index = new Index(new URL(form.dataset.index, location.href), readLayout(form.dataset), fetchFile);

  let hits = [];
  let terms = [];
  let shown = 0;
  let generation = 0;

  function readUrl() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") ?? "";
    for (const select of selects) {
      const value = params.get(select.name) ?? "";
      select.value = [...select.options].some((o) => o.value === value) ? value : "";
    }
  }

  function writeUrl() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    for (const select of selects) if (select.value) params.set(select.name, select.value);
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  async function showMore() {
    const mine = generation;
    const page = hits.slice(shown, shown + PAGE_SIZE);
    // Every card is asked for at once, and each shown as soon as it and those above it are in:
    // on a slow network the first results need not wait for the last.
    const cards = page.map((hit) =>
      index.docShard(hit.doc).then((shard) => readDoc(shard[hit.doc % index.layout.docsPerShard], departments)),
    );
    // Awaited in order below; a failure is reported there, not also as an unhandled rejection.
    for (const card of cards) card.catch(() => {});
    let firstLink = null;
    for (const card of cards) {
      const doc = await card;
      if (mine !== generation) return null;
      const item = document.createElement("li");
      item.className = "card";
      const heading = document.createElement("h2");
      heading.className = "card-title";
      const link = document.createElement("a");
      link.href = new URL(doc.path, root).href;
      const title = matchRanges(doc.title, terms);
      appendMarked(link, title.original, title.ranges, 0, title.original.length);
      heading.append(link);
      const facts = document.createElement("p");
      facts.className = "badges";
      const kind = document.createElement("span");
      kind.className = "tag";
      kind.textContent = kindLabels.get(doc.kind) ?? doc.kind;
      facts.append(kind, ` ${formatDate(doc.date, lang)}`);
      if (doc.departments.length) {
        // Department names are Japanese on every page.
        const names = document.createElement("span");
        if (lang !== "ja") names.lang = "ja";
        names.textContent = doc.departments.join("、");
        facts.append(lang === "ja" ? "　" : " · ", names);
      }
      const text = cardShowsTerms(doc, terms) ? undefined : doc.text;
      item.append(heading, facts, ...resultDetails(doc, terms, text, say));
      list.append(item);
      firstLink ??= link;
    }
    shown += page.length;
    more.hidden = shown >= hits.length;
    return firstLink;
  }

  async function run() {
    const mine = ++generation;
    terms = queryTerms(input.value);
    const facets = selects.filter((s) => s.value).map((s) => [s.name, s.value]);
    list.replaceChildren();
    more.hidden = true;
    shown = 0;
    if (terms.length === 0 && facets.length === 0) {
      hits = [];
      status.textContent = say("msgEnter");
      return;
    }
    try {
      const found = await search(index, terms, facets);
      if (mine !== generation) return;
      hits = found;
      await showMore();
      if (mine !== generation) return;
      const what = input.value.trim() ? say("msgResultsFor", { q: input.value.trim() }) : say("msgFiltered");
      status.textContent = hits.length ? say("msgCount", { what, n: hits.length }) : say("msgNone", { what });
    } catch (error) {
      if (mine === generation) status.textContent = say("msgFailed");
      console.error(error);
    }
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      writeUrl();
      run();
    }, TYPING_DELAY_MS);
  });
  for (const select of selects) {
    select.addEventListener("change", () => {
      writeUrl();
      run();
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    writeUrl();
    run();
  });
  more.addEventListener("click", async () => {
    const firstNew = await showMore();
    firstNew?.focus();
  });

  readUrl();
  document.getElementById("site-search-q")?.setAttribute("value", input.value);
  run();
}

if (typeof document !== "undefined") start();
