// The search page: for each case, load /search/?<params> and compare the result links
// (site paths, in order) with the expected ones. Config:
//   { "base": "http://127.0.0.1:PORT/colab/", "cases": [{ "params": {"q": "…"}, "expect": ["partnerships/x/"] }],
//     "typing": { "text": "…", "expect": ["…"] },
//     "search": "en/search/",              optional: the search page (default "search/")
//     "done": ["件", "…"],                 optional: texts of the status once a search ends
//     "count": "{n}件" }                    optional: how the status tells the number found
import { openPage } from "../lib.mjs";

const JAPANESE_DONE = ["件", "見つかりませんでした", "読み込めません"];

async function results(page, done) {
  await page.waitForFunction((done) => {
    const status = document.getElementById("search-status")?.textContent ?? "";
    return done.some((text) => status.includes(text));
  }, done);
  return page.$$eval("main #search-results a", (links) => links.map((a) => new URL(a.href).pathname));
}

function compare(label, actual, expected, base) {
  const want = expected.map((path) => new URL(path, base).pathname);
  return JSON.stringify(actual) === JSON.stringify(want) ? [] : [`${label}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(want)}`];
}

export async function check(browser, config) {
  const failures = [];
  const searchPage = config.search ?? "search/";
  const done = config.done ?? JAPANESE_DONE;
  for (const testCase of config.cases) {
    const { page, problems } = await openPage(browser);
    const query = new URLSearchParams(testCase.params).toString();
    await page.goto(new URL(`${searchPage}?${query}`, config.base).href);
    failures.push(...compare(query, await results(page, done), testCase.expect, config.base), ...problems.map((p) => `${query}: ${p}`));
    const marks = await page.$$eval("main #search-results mark", (m) => m.length);
    if (testCase.expect.length && testCase.params.q && marks === 0) failures.push(`${query}: no highlighted match`);
    await page.close();
  }
  if (config.typing) {
    // Keyboard only: focus the field with Tab from the page start, type, wait for the URL.
    const { page, problems } = await openPage(browser);
    await page.goto(new URL(searchPage, config.base).href);
    await page.focus("#search-q");
    await page.keyboard.type(config.typing.text);
    await page.waitForFunction((text) => new URLSearchParams(location.search).get("q") === text, config.typing.text);
    failures.push(...compare(`typed ${config.typing.text}`, await results(page, done), config.typing.expect, config.base));
    const announced = await page.$eval("[aria-live=polite]", (e) => e.textContent);
    const count = (config.count ?? "{n}件").replace("{n}", config.typing.expect.length);
    if (!announced.includes(count)) failures.push(`count not announced: ${announced}`);
    failures.push(...problems);
    await page.close();
  }
  return failures;
}
