// The editors' room (/admin/) in Chromium: an editor logs in by the labelled fields, sees
// who they are and their role, creates a draft (which opens in the editor) and filters the
// article list, and the refresh token is nowhere a script can read; a reload keeps the
// session, the access token is renewed before it expires, a wrong current password shows
// its error next to its field, a password change keeps this session, a failed renewal
// returns to the login screen, and logging out ends the session for good. The page runs
// under its strict content security policy (any violation fails the test) and at 360 px.
// Usage: node admin.mjs http://127.0.0.1:PORT ADMIN_EMAIL ADMIN_PASSWORD
import { apiAt, launch, screenshotDir } from './browser.mjs';

const [base, adminEmail, adminPassword] = process.argv.slice(2);
const fail = (message) => { throw new Error(message); };

const api = apiAt(base);

// An editor of this test's own, made through the API as the admin.
const admin = (await api('POST', '/api/v1/auth/login', { email: adminEmail, password: adminPassword })).body;
const email = `editor-${Date.now()}@browser.test`;
const password = 'an editor password';
const made = await api('POST', '/api/v1/admin/users', { email, password, display_name: 'Eda Editor', role: 'editor' }, admin.access_token);
if (made.status !== 201) fail(`creating the editor answered ${made.status}`);

const { browser, context, page, problems } = await launch();
try {
  await page.clock.install();
  const first = await page.goto(`${base}/admin/`);
  const csp = first.headers()['content-security-policy'] || '';
  if (!csp.includes("script-src 'self'") || csp.includes('unsafe-inline')) fail(`/admin/ policy: ${csp}`);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').filter({ hasText: 'wrong email or password' }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText('Role: editor', { exact: true }).waitFor();
  await page.getByText('Eda Editor').first().waitFor();

  // An editor lands on the articles: a new draft goes to the top of the list; the filters
  // narrow it by status and title.
  await page.getByRole('heading', { name: 'Articles' }).waitFor();
  // Its inputs allow what the served spec says, and its choices are the spec's enums.
  const spec = await (await fetch(`${base}/api/v1/openapi.json`)).json();
  const titleMax = spec.components.schemas.CreateArticleRequest.properties.title.maxLength;
  const shown = await page.getByLabel('Title', { exact: true }).getAttribute('maxlength');
  if (Number(shown) !== titleMax) fail(`the title allows ${shown} characters, the spec ${titleMax}`);
  const statuses = await page.getByLabel('Status').locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  if (statuses.join() !== spec.components.schemas.ArticleStatus.enum.join()) fail(`statuses ${statuses}`);
  const title = `Drafted in Chromium ${Date.now()}`;
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Create draft' }).click();
  // The new draft opens in the editor; back on the list it is at the top.
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  await page.getByRole('link', { name: '← All articles' }).click();
  const row = page.getByRole('row').filter({ hasText: title });
  await row.waitFor();
  if (!(await row.textContent()).includes('draft')) fail(`the new row reads ${await row.textContent()}`);
  await page.screenshot({ path: `${screenshotDir}/admin-articles.png`, fullPage: true });
  await page.getByLabel('Status').selectOption('published');
  await page.getByRole('button', { name: 'Show' }).click();
  // The draft leaves the list; the demo's published explainer stays.
  await row.waitFor({ state: 'detached' });
  await page.getByRole('row').filter({ hasText: "The Keeper's Daughter" }).waitFor();
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Title contains').fill('no such title anywhere');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByText('No articles match.').waitFor();

  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByRole('heading', { name: 'Your account' }).waitFor();

  const reachable = await page.evaluate(() => ({
    local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage), cookie: document.cookie,
  }));
  if (reachable.local !== '{}' || reachable.session !== '{}' || reachable.cookie.includes('marquee_refresh')) {
    fail(`a script can read session data: ${JSON.stringify(reachable)}`);
  }
  const cookie = (await context.cookies()).find((c) => c.name === '__Secure-marquee_refresh') || fail('no session cookie');
  if (!cookie.httpOnly || cookie.sameSite !== 'Strict' || cookie.path !== '/api/v1/auth') {
    fail(`session cookie ${JSON.stringify(cookie)}`);
  }
  await page.screenshot({ path: `${screenshotDir}/admin-account.png`, fullPage: true });

  // A reload finds the session again through the cookie.
  await page.reload();
  await page.getByRole('heading', { name: 'Your account' }).waitFor();

  // The access token (15 minutes) is renewed a minute before it expires.
  const renewal = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
  await page.clock.fastForward('14:30');
  if ((await renewal).status() !== 200) fail('the renewal was refused');

  // A wrong current password: its error next to its field; then the change itself.
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#field-current_password-error').filter({ hasText: 'is not your current password' }).waitFor();
  if ((await page.getByLabel('Current password').getAttribute('aria-invalid')) !== 'true') fail('the field is not marked');
  await page.getByLabel('Current password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('status').filter({ hasText: 'Your password is changed.' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Your account' }).waitFor();

  // When the renewal fails (the cookie is gone), the app returns to the login screen.
  await context.clearCookies();
  await page.clock.fastForward('15:00');
  await page.getByText('Your session has ended').waitFor();
  await page.getByRole('button', { name: 'Log in' }).waitFor();

  // Log in with the new password, log out: the session is over, a reload does not revive it.
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByText('You are logged out.').waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Log in' }).waitFor();

  // Usable at 360 px: nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) fail(`the login screen is ${width} px wide at 360`);
  await page.screenshot({ path: `${screenshotDir}/admin-login-360.png` });

  // Chromium logs each 4xx answer as a console error; those are the refusals tested above.
  const unexpected = problems.filter((p) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(p));
  if (unexpected.length) fail(`the page reported:\n${unexpected.join('\n')}`);
  console.log('admin: log in (and a refused one), role shown, a draft created, the list filtered, token out of reach, reload, renewal, password change, failed renewal, log out, 360 px');
} finally {
  await browser.close();
}
