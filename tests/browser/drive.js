// Drives Debian's Chromium through the web app and prints one JSON object of what it saw.
// usage: node drive.js APP_URL OUT_DIR checks [HOST_PAGE_URL]
//   chat figure + citation, hostile report inert, widget ?q=, and on the example host page (HOST_PAGE_URL,
//   examples/embed.html served from another origin) the web component, iframe and floating button
//   (the README's screenshots come from walk.js and staff.js: make screenshots)
"use strict";
const path = require("path");
const { chromium } = require(path.join(__dirname, "node_modules", "playwright-core"));

const [appUrl, outDir, , hostUrl = ""] = process.argv.slice(2);
const QUESTION = "王屋镇2020年收到多少政府信息公开申请？";
const HOSTILE_QUESTION = "安乐镇2020年收到多少政府信息公开申请？";
const LOCALE = "zh-CN";  // as a Chinese reader's browser: Gradio's own words (upload, footer) in Chinese
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=zh-CN"];
const TIMEOUT = 60000;

async function ask(page, question) {
  // Type a question in the chat, send it, and wait for its answer (the n-th bot message).
  const before = await page.locator("#chat [data-testid='bot']").count();
  await page.fill("#chat-input textarea", question);
  await page.click("#chat-send");
  await page.locator("#chat [data-testid='bot']").nth(before).waitFor({ timeout: TIMEOUT });
  return page.locator("#chat [data-testid='bot']").nth(before);
}

async function sendWhenReady(frame, question) {
  // A widget just opened in a panel can show its input before its app is connected, and a send clicked then
  // is lost (as a person would, click again): send until the question shows in the chat, then return.
  for (let attempt = 0; attempt < 4; attempt++) {
    await frame.locator("#chat-input textarea").fill(question);
    await frame.locator("#chat-send").click();
    try {
      await frame.locator("#chat [data-testid='user']").first().waitFor({ timeout: 15000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

async function pick(page, id, choice) {
  // Choose a value in a Gradio dropdown: type it, then click the matching option.
  await page.click(`${id} input`);
  await page.fill(`${id} input`, choice);
  await page.locator(`li[role="option"][aria-label="${choice}"]`).first().click({ timeout: TIMEOUT });
  await page.waitForTimeout(300);
}

async function openTab(page, id) {
  await page.click(`#tab-${id}-button`);
  await page.waitForTimeout(500);
}

async function checks(browser, out) {
  const seen = {};
  const page = await browser.newPage({ locale: LOCALE, viewport: { width: 1280, height: 900 } });
  page.on("dialog", (d) => { seen.dialog = d.message(); d.dismiss(); });
  await page.goto(appUrl + "/");
  await page.waitForSelector("#chat-input textarea", { timeout: TIMEOUT });

  // 1. A figure question: the number, its unit, its citation (opened: the cell and the highlighted line).
  const answer = await ask(page, QUESTION);
  seen.value = (await answer.locator(".qa-value").first().textContent()).trim();
  seen.unit = (await answer.locator(".qa-unit").first().textContent()).trim();
  await answer.locator(".qa-cite summary").first().click();
  seen.citation = await answer.locator(".qa-cite").first().innerText();
  seen.hit_line = await answer.locator(".qa-cite .qa-hit").first().innerText();
  await page.screenshot({ path: path.join(out, "chat.png"), fullPage: true });

  // 2. A report carrying <script> and <img onerror>: its lines show as text, nothing runs.
  const hostile = await ask(page, HOSTILE_QUESTION);
  await hostile.locator(".qa-cite summary").first().click();
  seen.hostile_citation = await hostile.locator(".qa-cite").first().innerText();
  seen.chat_markup = await page.locator("#chat script, #chat img[onerror], #chat img[src='x']").count();
  await page.screenshot({ path: path.join(out, "hostile-chat.png"), fullPage: true });
  await openTab(page, "reports");
  await page.locator("#reports-table").getByText("anle-2020.txt").first().click();
  await page.waitForSelector("#reports-detail .qa-report-text", { timeout: TIMEOUT });
  seen.report_text = (await page.locator("#reports-detail .qa-report-text").innerText()).slice(0, 600);
  seen.report_markup = await page.locator("#reports-detail script, #reports-detail img").count();
  await page.screenshot({ path: path.join(out, "hostile-report.png") });
  const plain = await browser.newPage();
  await plain.goto(appUrl + "/report/anle-2020.txt#L5");
  seen.page_text = (await plain.locator("body").innerText()).slice(0, 600);
  seen.xss_report_page = await plain.evaluate(() => window.__xss === undefined ? null : String(window.__xss));
  seen.xss = await page.evaluate(() => window.__xss === undefined ? null : String(window.__xss));

  // 2b. The look-up: changing the table at human speed gives its rows, the result follows, and no error pops up.
  await openTab(page, "lookup");
  await page.waitForSelector("#lookup-result .qa-value", { timeout: TIMEOUT });
  await pick(page, "#lookup-table", "二、主动公开政府信息情况");
  await page.waitForFunction(() => (document.querySelector("#lookup-result") || {}).innerText?.includes("规章"),
    null, { timeout: TIMEOUT });
  await pick(page, "#lookup-table", "四、政府信息公开行政复议、行政诉讼情况");
  await page.waitForFunction(() => (document.querySelector("#lookup-result") || {}).innerText?.includes("行政复议"),
    null, { timeout: TIMEOUT });
  await page.waitForTimeout(1000);
  seen.lookup_result = await page.locator("#lookup-result").innerText();
  seen.lookup_error = (await page.locator("body").innerText()).includes("not in the list of choices");

  // 3. The widget with ?q=: answers on arrival.
  const widget = await browser.newPage({ locale: LOCALE, viewport: { width: 420, height: 640 } });
  await widget.goto(appUrl + "/widget?q=" + encodeURIComponent(QUESTION));
  await widget.waitForSelector("#chat .qa-value", { timeout: TIMEOUT });
  seen.widget_value = (await widget.locator("#chat .qa-value").first().textContent()).trim();
  seen.widget_tabs = await widget.locator("#tabs").count();
  await widget.screenshot({ path: path.join(out, "widget.png") });

  // 4. The example host page (served from another origin): web component, iframe with ?q=, floating button.
  if (hostUrl) {
    const host = await browser.newPage({ locale: LOCALE, viewport: { width: 1100, height: 900 } });
    await host.goto(hostUrl + "?app=" + encodeURIComponent(appUrl));
    await host.locator("gradio-app #chat-input textarea").waitFor({ timeout: TIMEOUT });
    seen.web_component = true;
    const iframe = host.frameLocator("#example-iframe");
    await iframe.locator("#chat .qa-value").first().waitFor({ timeout: TIMEOUT });
    seen.iframe_value = (await iframe.locator("#chat .qa-value").first().textContent()).trim();
    await host.click("#govqa-button", { timeout: TIMEOUT });
    const panel = host.frameLocator("#govqa-panel");
    await panel.locator("#chat-input textarea").waitFor({ timeout: TIMEOUT });
    await sendWhenReady(panel, QUESTION);
    await panel.locator("#chat .qa-value").first().waitFor({ timeout: TIMEOUT });
    seen.button_value = (await panel.locator("#chat .qa-value").first().textContent()).trim();
    await host.screenshot({ path: path.join(out, "embed-host-page.png") });
  }
  return seen;
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
  try {
    const seen = await checks(browser, outDir);
    console.log(JSON.stringify(seen));
  } finally {
    await browser.close();
  }
})().catch((err) => { console.error(err.stack || String(err)); process.exit(1); });
