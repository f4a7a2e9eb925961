// Staff and admins in Chromium: the Reports tab (filter, findings and notes in words) at desktop and phone sizes,
// and the Admin tab uploading a report, a renamed copy and a corrected version, confirmed after its differences.
// usage: node staff.js APP_URL OUT_DIR CONFIG_JSON   CONFIG_JSON: {"token", "original", "copy", "corrected"}
"use strict";
const path = require("path");
const { chromium } = require(path.join(__dirname, "node_modules", "playwright-core"));

const [appUrl, outDir, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson);
const LOCALE = "zh-CN";  // as a Chinese reader's browser: Gradio's own words (upload, footer) in Chinese
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=zh-CN"];
const TIMEOUT = 120000;

async function openTab(page, id, label) {
  // A tab's button, or (on a phone, where the tab bar overflows) the ••• menu's item.
  const button = page.locator(`#tab-${id}-button`);
  if (await button.isVisible()) {
    await button.click();
  } else {
    await page.click("#tabs button[aria-label='More tabs']");
    await page.locator(`.overflow-dropdown button:has-text("${label}")`).first().click();
  }
  await page.waitForTimeout(800);
}

async function reports(page, seen, tag) {
  await openTab(page, "reports", "报告 Reports");
  await page.locator("#reports-summary").getByText("份报告").waitFor({ timeout: TIMEOUT });
  await page.locator("#reports-table").getByText(config.plain).first().waitFor({ timeout: TIMEOUT });
  const all = await page.locator("#reports-table").innerText();
  await page.click("#reports-problems input");
  await page.waitForFunction((plain) => !document.querySelector("#reports-table").innerText.includes(plain),
    config.plain, { timeout: TIMEOUT });
  const flagged = await page.locator("#reports-table").innerText();
  await page.locator("#reports-table").getByText(config.flagged).first().click();
  await page.locator("#reports-detail h4").first().waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(500);
  seen[tag] = { all, flagged, summary: await page.locator("#reports-summary").innerText(),
    detail: (await page.locator("#reports-detail").innerText()).slice(0, 3000),
    font: await page.locator("#reports-detail .qa-findings li").first().evaluate((e) => getComputedStyle(e).fontSize),
    heading: await page.locator("#reports-table th").first().evaluate((e) => e.getBoundingClientRect().height),
    picker: await page.locator("#reports-pick input").evaluate((e) => ({ value: e.value, cut: e.scrollWidth > e.clientWidth + 1 })),
    width: await page.evaluate(() => document.scrollingElement.scrollWidth) };
  await page.screenshot({ path: path.join(outDir, `${tag}-reports.png`), fullPage: true });
}

async function upload(page, file, expect) {
  // Upload one file in the admin tab and wait for the words of its result (naming the file, saying `expect`).
  await page.setInputFiles("#admin-files input[type=file]", file);
  await page.waitForTimeout(1200);
  await page.click("#admin-upload");
  await page.waitForFunction(([name, word]) => {
    const text = document.querySelector("#admin-result").innerText;
    return text.includes(name) && text.includes(word);
  }, [path.basename(file), expect], { timeout: TIMEOUT });
  const text = await page.locator("#admin-result").innerText();
  // the next upload sends its file alone (the button is named in the browser's language)
  await page.locator("#admin-files button[aria-label='Clear'], #admin-files button[aria-label='清除']").first().click();
  return text;
}

async function admin(page, seen) {
  await openTab(page, "admin", "管理 Admin");
  await page.fill("#admin-token input", config.token);
  seen.upload_words = await page.locator("#admin-files").innerText();
  seen.added = await upload(page, config.original, "已加入");
  seen.renamed = await upload(page, config.copy, "已收录");
  seen.corrected = await upload(page, config.corrected, "等待确认");
  seen.confirm_visible = await page.locator("#admin-confirm").isVisible();
  await page.screenshot({ path: path.join(outDir, "desktop-admin-confirm.png"), fullPage: true });
  await page.click("#admin-confirm");
  await page.waitForFunction(() => document.querySelector("#admin-result").innerText.includes("已替换"), null,
    { timeout: TIMEOUT });
  seen.replaced = await page.locator("#admin-result").innerText();
  seen.confirm_after = await page.locator("#admin-confirm").isVisible();
  seen.log = await page.locator("#admin-log").innerText();
  await page.screenshot({ path: path.join(outDir, "desktop-admin-replaced.png"), fullPage: true });
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
  const seen = {};
  try {
    const desk = await browser.newPage({ locale: LOCALE, viewport: { width: 1280, height: 900 } });
    await desk.goto(appUrl + "/");
    await desk.waitForSelector("#chat-input textarea", { timeout: TIMEOUT });
    await reports(desk, seen, "desktop");
    await admin(desk, seen);
    const phone = await browser.newPage({ locale: LOCALE, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(appUrl + "/");
    await phone.waitForSelector("#chat-input textarea", { timeout: TIMEOUT });
    await reports(phone, seen, "phone");
    console.log(JSON.stringify(seen));
  } finally {
    await browser.close();
  }
})().catch((err) => { console.error(err.stack || String(err)); process.exit(1); });
