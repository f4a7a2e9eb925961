// Hostile reports and questions in every view, in Debian's Chromium; prints one JSON object of what it saw.
// usage: node hostile.js APP_URL OUT_DIR CONFIG_JSON
//   CONFIG_JSON: {"figure": …, "markup": …, "follow": …, "passage": …, "files": [...]} (tests/hostile.py)
// For each view: the markup count (elements or attributes that could run script) and the text shown.
"use strict";
const path = require("path");
const { chromium } = require(path.join(__dirname, "node_modules", "playwright-core"));

const [appUrl, outDir, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson);
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=zh-CN"];
const TIMEOUT = 60000;
const DANGER = "script, iframe, object, embed, frame, img[onerror], svg[onload], [onload], [onerror], [onmouseover], " +
  "a[href^='javascript:' i], img[src^='javascript:' i], style:not(svg style)";  // Gradio's own icons hold an svg <style>

async function inspect(page, selector) {
  // What a view holds: elements and attributes that could run script, and its text.
  return page.evaluate(([sel, danger]) => {
    const root = sel === "body" ? document.body : document.querySelector(sel);
    if (!root) return { missing: true };
    let attrs = 0;
    for (const el of root.querySelectorAll("*")) {
      for (const a of el.attributes) {
        if (a.name.startsWith("on") || /^\s*(javascript|data|vbscript):/i.test(a.value)) attrs += 1;
      }
    }
    const found = [...root.querySelectorAll(danger)].map((el) => el.outerHTML.slice(0, 160));
    return { markup: found.length, found, attrs, text: root.innerText.slice(0, 4000) };
  }, [selector, DANGER]);
}

async function xss(page) {
  return page.evaluate(() => (window.__xss === undefined ? null : String(window.__xss)));
}

async function ask(page, question) {
  // Type a question in the chat, send it, wait for its answer (the n-th bot message), open its details.
  const before = await page.locator("#chat [data-testid='bot']").count();
  await page.fill("#chat-input textarea", question);
  await page.click("#chat-send");
  const answer = page.locator("#chat [data-testid='bot']").nth(before);
  await answer.waitFor({ timeout: TIMEOUT });
  for (const summary of await answer.locator("summary").all()) await summary.click();
  return answer;
}

async function openTab(page, id) {
  await page.click(`#tab-${id}-button`);
  await page.waitForTimeout(500);
}

async function mainPage(browser, seen) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on("dialog", (d) => { seen.dialogs.push(d.message()); d.dismiss(); });
  await page.goto(appUrl + "/");
  await page.waitForSelector("#chat-input textarea", { timeout: TIMEOUT });
  // chat: the body's markup in a question, markdown tricks in another, a follow-up citing the hostile file name
  for (const q of [config.figure, config.markup, config.follow, config.passage]) await ask(page, q);
  await page.mouse.move(600, 500);  // over an overlay that an onmouseover would have needed
  seen.chat = await inspect(page, "#chat");
  await page.screenshot({ path: path.join(outDir, "hostile-chat.png"), fullPage: true });

  // look-up: the latest report is picked on arrival; the body dropdown lists the hostile name
  await openTab(page, "lookup");
  await page.waitForSelector("#lookup-result .qa-value", { timeout: TIMEOUT });
  for (const summary of await page.locator("#lookup-result summary").all()) await summary.click();
  await page.click("#lookup-body input");
  await page.waitForTimeout(400);
  seen.lookup = await inspect(page, "#lookup-result");
  seen.lookup_choices = await inspect(page, "#lookup-body");
  await page.screenshot({ path: path.join(outDir, "hostile-lookup.png") });
  await page.keyboard.press("Escape");

  // compare: the hostile bodies side by side
  await openTab(page, "compare");
  await page.click("#compare-go");
  await page.waitForFunction(() => (document.querySelector("#compare-grid") || {}).innerText?.includes("安乐镇"),
    null, { timeout: TIMEOUT });
  seen.compare = await inspect(page, "#compare-grid");
  await page.screenshot({ path: path.join(outDir, "hostile-compare.png") });

  // reports view: the table (hostile file and body names), then each report's page in the view
  await openTab(page, "reports");
  seen.reports_table = await inspect(page, "#reports-table");
  seen.reports_detail = [];
  for (const file of config.files) {
    await page.locator("#reports-table").getByText(file.slice(-12)).filter({ visible: true }).first().click();
    await page.waitForFunction((f) => (document.querySelector("#reports-detail") || {}).innerText?.includes(f),
      file, { timeout: TIMEOUT });
    seen.reports_detail.push(await inspect(page, "#reports-detail"));
  }
  await page.click("#reports-pick input");
  await page.waitForTimeout(400);
  seen.reports_pick = await inspect(page, "#reports-pick");
  await page.screenshot({ path: path.join(outDir, "hostile-reports.png") });
  await page.keyboard.press("Escape");
  seen.xss_main = await xss(page);
}

async function reportPages(browser, seen) {
  // /report/<file>: the standalone text page of each hostile report
  seen.report_pages = [];
  for (const file of config.files) {
    const page = await browser.newPage();
    page.on("dialog", (d) => { seen.dialogs.push(d.message()); d.dismiss(); });
    const response = await page.goto(appUrl + "/report/" + encodeURIComponent(file) + "#L5");
    seen.report_pages.push({ status: response.status(), ...(await inspect(page, "body")), xss: await xss(page) });
  }
}

async function widget(browser, seen) {
  // the widget: ?q= carrying the hostile body, then a question full of markup typed in
  const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  page.on("dialog", (d) => { seen.dialogs.push(d.message()); d.dismiss(); });
  await page.goto(appUrl + "/widget?q=" + encodeURIComponent(config.figure));
  await page.waitForSelector("#chat .qa-value", { timeout: TIMEOUT });
  await ask(page, config.markup);
  seen.widget = await inspect(page, "#chat");
  seen.xss_widget = await xss(page);
  await page.screenshot({ path: path.join(outDir, "hostile-widget.png"), fullPage: true });
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
  const seen = { dialogs: [] };
  try {
    await mainPage(browser, seen);
    await reportPages(browser, seen);
    await widget(browser, seen);
    console.log(JSON.stringify(seen));
  } finally {
    await browser.close();
  }
})().catch((err) => { console.error(err.stack || String(err)); process.exit(1); });
