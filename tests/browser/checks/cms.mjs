// A clerk's visit to the web editor: log in to decap-server's local backend, create a
// partnership through the form (Japanese text, selects, a date, a partner and a department)
// and publish it. The Rust test then checks the file the CMS wrote with `kanmin check`.
// config: { admin: URL of admin/, record: { title, summary, status, pattern, route,
//           agreement, concluded_on, partner, partner_kind, department } }
export async function check(browser, config) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
  const failures = [];
  page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  await page.goto(config.admin);
  // The local backend's login is one button.
  await page.getByRole("button").first().click();
  await page.waitForURL(/#\/collections/);
  await page.goto(`${config.admin}#/collections/partnerships/new`);
  const field = (name) => page.locator(`[id^="${name}-field-"]`).first();
  await field("title").waitFor();
  const r = config.record;
  await field("title").fill(r.title);
  await field("summary").fill(r.summary);
  // Selects offer the Japanese labels; typing one and Enter picks it.
  const choose = async (name, label) => {
    await field(name).click();
    await page.keyboard.type(label);
    await page.keyboard.press("Enter");
  };
  await choose("status", r.status);
  await choose("pattern", r.pattern);
  await choose("route", r.route);
  await choose("agreement", r.agreement);
  await field("concluded_on").fill(r.concluded_on);
  await page.getByRole("button", { name: "Add 連携先" }).click();
  await field("name").fill(r.partner);
  await choose("kind", r.partner_kind);
  await page.getByRole("button", { name: "Add 所管課" }).click();
  await page.locator('input[id^="item-field-"]').last().fill(r.department);
  const labels = await page.$$eval("label", (all) => all.map((l) => l.textContent));
  for (const expected of ["提案情報の取り扱い (任意)", "募集テーマID (任意)", "締結日"]) {
    if (!labels.includes(expected)) failures.push(`no field labelled ${expected}: ${labels.join(", ")}`);
  }
  await page.locator("[role=button]").filter({ hasText: /^公開/ }).first().click();
  await page.getByText("公開する", { exact: true }).first().click();
  // The CMS shows the saved entry's own URL once the backend has written the file.
  await page.waitForURL(/#\/collections\/partnerships\/entries\//, { timeout: 15000 });
  return failures;
}
