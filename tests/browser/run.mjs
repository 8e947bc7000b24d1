// Runs one browser check against a served kanmin site:
//   node run.mjs <check> <config.json>
// <check> names a module in checks/ exporting `async function check(browser, config)` that
// throws (or returns a list of failures) when the site misbehaves. The config is whatever
// that check reads (URLs, queries and expected results), written by the Rust test that
// built and serves the site. New checks (e.g. accessibility over a list of URLs) are new
// files in checks/ driven the same way.
import { readFile } from "node:fs/promises";
import { launch } from "./lib.mjs";

const [checkName, configPath] = process.argv.slice(2);
if (!checkName || !configPath) {
  console.error("usage: node run.mjs <check> <config.json>");
  process.exit(2);
}
const { check } = await import(`./checks/${checkName}.mjs`);
const config = JSON.parse(await readFile(configPath, "utf8"));
const browser = await launch();
let failures = [];
try {
  failures = (await check(browser, config)) ?? [];
} catch (error) {
  failures = [String(error?.stack ?? error)];
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`${checkName}: ${failures.length} failure(s)\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log(`${checkName}: ok`);
