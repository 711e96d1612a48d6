// An approver in Chromium: opens the one-time link from the notice, is sent to sign in at the
// OpenID provider and back, continues to the approval page, and clicks Approve.
// Usage: node approve.cjs <playwright-core folder> <chromium> <link>
// Prints one JSON line: {"signedInAt": ..., "approvalPage": ..., "after": ...}.
'use strict';

const [playwrightCore, chromiumPath, link] = process.argv.slice(2);
const { chromium } = require(playwrightCore);
const fs = require('fs');
const os = require('os');
const path = require('path');

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sallyport-chromium-'));
  // A fresh profile per run (Playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    timeout: 30000,
  });
  const visited = [];
  try {
    const page = browser.pages()[0] || (await browser.newPage());
    page.setDefaultTimeout(20000);
    // Every hop of every navigation, redirects included.
    page.on('request', (request) => {
      if (request.isNavigationRequest()) visited.push(new URL(request.url()).pathname);
    });
    // Not signed in: the link sends the browser to sign in, through the provider and back.
    await page.goto(link);
    await page.waitForSelector('#continue');
    const signedIn = visited.includes('/console/callback');
    await page.click('#continue');
    await page.waitForSelector('#approve');
    const approvalPage = await page.locator('#call').innerText();
    await Promise.all([page.waitForNavigation(), page.click('#approve')]);
    const after = await page.locator('body').innerText();
    process.stdout.write(JSON.stringify({ signedIn, visited, approvalPage, after }) + '\n');
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
