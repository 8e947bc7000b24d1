// Accessibility of every page type (JIS X 8341-3:2016 AA = WCAG 2.0 AA; checked against
// WCAG 2.1 A/AA rules). Config:
//   { "base": "http://127.0.0.1:PORT/colab/", "pages": [{ "type": "home", "path": "" }, …] }
// Per page: axe-core in light and dark colour schemes, then what axe cannot see: skip link,
// visible focus, heading order, table headers, labelled controls, reflow at 320 px, text at
// 200 %, a print stylesheet and prefers-reduced-motion.
import { createRequire } from "node:module";
import { openPage } from "../lib.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  return result.violations.map(
    (v) => `${label}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`,
  );
}

/** Structure axe does not judge: headings, tables, labels. */
async function structure(page, label) {
  return page.evaluate((label) => {
    const failures = [];
    const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => Number(h.tagName[1]));
    if (headings.filter((level) => level === 1).length !== 1) failures.push(`${label}: ${headings.filter((l) => l === 1).length} h1 elements, expected one`);
    headings.forEach((level, i) => {
      if (i > 0 && level > headings[i - 1] + 1) failures.push(`${label}: heading h${level} follows h${headings[i - 1]} (a level skipped)`);
    });
    for (const table of document.querySelectorAll("table")) {
      if (!table.querySelector("th")) failures.push(`${label}: a table without header cells`);
    }
    for (const control of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      const named = control.labels?.length || control.getAttribute("aria-label") || control.getAttribute("aria-labelledby");
      if (!named) failures.push(`${label}: form control ${control.name || control.id || control.type} has no label`);
    }
    if (!document.querySelector("main")) failures.push(`${label}: no <main> landmark`);
    if (!document.documentElement.lang) failures.push(`${label}: no lang on <html>`);
    return failures;
  }, label);
}

/** The first Tab reaches a skip link to the main content, and it shows when focused. */
async function skipLink(page, label) {
  await page.keyboard.press("Tab");
  const found = await page.evaluate(() => {
    const link = document.activeElement;
    if (!link || link.tagName !== "A") return { error: `first Tab focuses <${link?.tagName?.toLowerCase()}>, not a skip link` };
    const id = decodeURIComponent(new URL(link.href).hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return { error: `first focusable link (${link.getAttribute("href")}) does not lead to an element on the page` };
    if (!target.closest("main") && target.tagName !== "MAIN") return { error: `skip link leads to #${id}, outside <main>` };
    const box = link.getBoundingClientRect();
    return { visible: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0 };
  });
  if (found.error) return [`${label}: ${found.error}`];
  return found.visible ? [] : [`${label}: the skip link stays hidden when focused`];
}

/** Each of the first focusable elements shows a focus indicator (outline or box shadow). */
async function visibleFocus(page, label) {
  return page.evaluate((label) => {
    const failures = [];
    const focusable = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])")].slice(0, 12);
    for (const element of focusable) {
      element.focus();
      if (document.activeElement !== element) continue;
      const style = getComputedStyle(element);
      const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1;
      if (!outlined && style.boxShadow === "none") {
        failures.push(`${label}: no visible focus indicator on ${element.tagName.toLowerCase()} "${(element.textContent || element.name || "").trim().slice(0, 30)}"`);
      }
      element.blur();
    }
    return failures;
  }, label);
}

async function noHorizontalScroll(page, label) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  return scrollWidth <= clientWidth ? [] : [`${label}: horizontal scrolling (content ${scrollWidth} px wide in ${clientWidth} px)`];
}

async function checkPage(browser, base, { type, path }) {
  const url = new URL(path, base).href;
  const label = `${type} (${path || "/"})`;
  const failures = [];
  const { page, problems } = await openPage(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light", reducedMotion: "no-preference" });
  await page.goto(url, { waitUntil: "load" });
  failures.push(...(await axe(page, `${label} light`)));
  failures.push(...(await structure(page, label)));
  failures.push(...(await skipLink(page, label)));
  failures.push(...(await visibleFocus(page, label)));
  const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload({ waitUntil: "load" });
  failures.push(...(await axe(page, `${label} dark`)));
  const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  if (darkBackground === lightBackground) failures.push(`${label}: prefers-color-scheme: dark changes nothing`);

  // Text at 200 %: everything sized in rem/em grows with the reader's font setting, and the
  // page still fits its width.
  await page.emulateMedia({ colorScheme: "light" });
  await page.reload({ waitUntil: "load" });
  const before = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector("main") ?? document.body).fontSize));
  await page.evaluate(() => (document.documentElement.style.fontSize = "200%"));
  const after = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector("main") ?? document.body).fontSize));
  if (after < before * 1.9) failures.push(`${label}: text does not scale with the font setting (${before}px → ${after}px at 200 %)`);
  failures.push(...(await noHorizontalScroll(page, `${label} at 200 % text`)));

  // Reflow (WCAG 1.4.10): 320 CSS px wide, no horizontal scrolling.
  await page.setViewportSize({ width: 320, height: 640 });
  await page.reload({ waitUntil: "load" });
  failures.push(...(await noHorizontalScroll(page, `${label} at 320 px`)));

  // Reduced motion: no animation or transition runs longer than a moment.
  await page.emulateMedia({ reducedMotion: "reduce" });
  const moving = await page.evaluate(() =>
    [...document.querySelectorAll("*")].filter((e) => {
      const s = getComputedStyle(e);
      const longest = (value) => Math.max(...value.split(",").map((d) => parseFloat(d) * (d.trim().endsWith("ms") ? 0.001 : 1)));
      return longest(s.transitionDuration) > 0.01 || (s.animationName !== "none" && longest(s.animationDuration) > 0.01) || s.scrollBehavior === "smooth";
    }).length,
  );
  if (moving) failures.push(`${label}: ${moving} elements still animate with prefers-reduced-motion: reduce`);

  // Print: a print stylesheet exists and hides the navigation chrome, not the content.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ media: "print", reducedMotion: "no-preference" });
  const print = await page.evaluate(() => {
    const hasPrintRules = [...document.styleSheets].some((sheet) => {
      try {
        return [...sheet.cssRules].some((rule) => rule.media && [...rule.media].includes("print"));
      } catch {
        return false;
      }
    });
    const main = document.querySelector("main");
    const nav = document.querySelector("header nav, nav[aria-label]");
    return {
      hasPrintRules,
      mainShown: !!main && getComputedStyle(main).display !== "none",
      navHidden: !nav || getComputedStyle(nav).display === "none",
    };
  });
  if (!print.hasPrintRules) failures.push(`${label}: no print stylesheet`);
  if (!print.mainShown) failures.push(`${label}: main content hidden in print`);
  if (!print.navHidden) failures.push(`${label}: site navigation printed`);

  failures.push(...problems.map((p) => `${label}: ${p}`));
  await page.close();
  return failures;
}

export async function check(browser, config) {
  const failures = [];
  for (const entry of config.pages) {
    failures.push(...(await checkPage(browser, config.base, entry)));
  }
  return failures;
}
