// An approver in Chromium against Keycloak: opens an approval page, is sent to sign in at
// Keycloak (authorization code with PKCE), types the password into Keycloak's own login form,
// comes back to the approval page and clicks Approve.
// Usage: node keycloak-approve.cjs <playwright-core folder> <chromium> <approval url> <user> <password>
// Prints one JSON line: {"visited": [...], "authorize": ..., "approvalPage": ..., "after": ...}.
'use strict';

const [playwrightCore, chromiumPath, approvalUrl, user, password] = process.argv.slice(2);
const { chromium } = require(playwrightCore);
const fs = require('fs');
const os = require('os');
const path = require('path');

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sallyport-chromium-'));
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
  let authorize = null;
  try {
    const page = browser.pages()[0] || (await browser.newPage());
    page.setDefaultTimeout(30000);
    page.on('request', (request) => {
      if (!request.isNavigationRequest()) return;
      const url = new URL(request.url());
      visited.push(url.pathname);
      if (url.pathname.endsWith('/protocol/openid-connect/auth') && authorize === null) {
        // What the console asked Keycloak for: the PKCE method, and that state and nonce are sent.
        authorize = {
          code_challenge_method: url.searchParams.get('code_challenge_method'),
          has_code_challenge: url.searchParams.has('code_challenge'),
          has_state: url.searchParams.has('state'),
          has_nonce: url.searchParams.has('nonce'),
        };
      }
    });
    await page.goto(approvalUrl);
    await page.waitForSelector('#username');
    await page.fill('#username', user);
    await page.fill('#password', password);
    await Promise.all([page.waitForNavigation(), page.click('#kc-login')]);
    await page.waitForSelector('#approve');
    const approvalPage = await page.locator('#call').innerText();
    await Promise.all([page.waitForNavigation(), page.click('#approve')]);
    const after = await page.locator('body').innerText();
    process.stdout.write(JSON.stringify({ visited, authorize, approvalPage, after }) + '\n');
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
