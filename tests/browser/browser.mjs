// Shared setup: Debian's Chromium, headless, through playwright-core (no browser download),
// collecting console errors, CSP violations and uncaught exceptions as problems.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const screenshotDir = process.env.SCREENSHOT_DIR || new URL('./screenshots', import.meta.url).pathname;
mkdirSync(screenshotDir, { recursive: true });

export async function launch(options = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return { browser, ...(await openPage(browser, options)) };
}

/** Another browser context (its own cookies: another person, or the same one elsewhere). */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: options.viewport || { width: 1280, height: 900 }, timezoneId: options.timezoneId });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  return { context, page, problems };
}

/** Marquee's API at `base`, called as a script would (JSON in and out, a bearer token). */
export function apiAt(base) {
  return async (method, path, body, token) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  };
}

/** Logs `who` ({email, password}) into the editors' room at `base` and waits for the app. */
export async function signIn(page, base, who) {
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** The names of the screens the editors' room offers the person logged in. */
export const navLinks = (page) => page.getByRole('navigation', { name: 'Screens' }).getByRole('link').allTextContents();
