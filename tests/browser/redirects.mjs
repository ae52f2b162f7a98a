// The redirect manager in Chromium: an editor adds a redirect, is refused a loop and a chain
// (the API's message next to the destination field), finds the redirect by words, changes
// its status (a change made elsewhere meanwhile is not overwritten: "Reload their version"),
// and the public resolve endpoint answers with it; the hit it counted shows in the list, the
// CSV export downloads with the editor's token, and the redirect is deleted. An author sees
// no Redirects screen.
//   node redirects.mjs BASE ADMIN_EMAIL ADMIN_PASSWORD
import { readFile } from 'node:fs/promises';
import { apiAt, launch, openPage, screenshotDir, signIn, navLinks } from './browser.mjs';

const [base, adminEmail, adminPassword] = process.argv.slice(2);
const fail = (message) => { throw new Error(message); };
const api = apiAt(base);
const run = Date.now();

const admin = (await api('POST', '/api/v1/auth/login', { email: adminEmail, password: adminPassword })).body;
const people = {};
for (const role of ['editor', 'author']) {
  people[role] = { email: `redirects-${role}-${run}@browser.test`, password: `a redirects ${role} password` };
  const made = await api('POST', '/api/v1/admin/users', { ...people[role], display_name: `Ren ${role} ${run}`, role }, admin.access_token);
  if (made.status !== 201) fail(`creating the ${role} answered ${made.status}`);
}

/** The public answer for `path`, as a front-end's 404 handler asks for it. */
const resolve = (path) => api('GET', `/api/v1/redirects/resolve?path=${encodeURIComponent(path)}`);

const from = `/old-${run}/a`;
const to = `/new-${run}/b`;

const { browser, page, problems } = await launch();
/** Searches the list and returns once the answer shows (the Find button is off meanwhile). */
async function find(text) {
  const search = page.getByRole('search', { name: 'Find redirects' });
  await search.getByLabel('Find by path, destination or note').fill(text);
  await search.getByRole('button', { name: 'Find' }).click();
  await search.locator('button:not([disabled])').waitFor();
}
try {
  await signIn(page, base, people.editor);
  if (!(await navLinks(page)).includes('Redirects')) fail(`an editor's screens: ${await navLinks(page)}`);
  await page.getByRole('link', { name: 'Redirects' }).click();
  await page.getByRole('heading', { name: 'Redirects', level: 1 }).waitFor();

  // Its inputs allow what the served spec says.
  const spec = await (await fetch(`${base}/api/v1/openapi.json`)).json();
  const adding = page.getByRole('form', { name: 'Add a redirect' });
  const fromMax = spec.components.schemas.CreateRedirectRequest.properties.from_path.maxLength;
  if (Number(await adding.getByLabel('From path').getAttribute('maxlength')) !== fromMax) fail(`from_path allows other than ${fromMax} characters`);

  // A redirect, added.
  await adding.getByLabel('From path').fill(from);
  await adding.getByLabel(/^To/).fill(to);
  await adding.getByLabel('Note').fill(`moved in run ${run}`);
  await adding.getByRole('button', { name: 'Add redirect' }).click();
  await adding.getByRole('status').filter({ hasText: `Redirect from ${from} added.` }).waitFor();
  const row = page.getByRole('row').filter({ hasText: from });
  await row.waitFor();

  // A loop and a chain are refused, the API's reason next to the destination field.
  const loop = `/old-${run}/c`;
  await adding.getByLabel('From path').fill(loop);
  await adding.getByLabel(/^To/).fill(loop);
  await adding.getByRole('button', { name: 'Add redirect' }).click();
  await adding.locator('#field-to-error').filter({ hasText: 'loop' }).waitFor();
  await adding.getByLabel(/^To/).fill(from);
  await adding.getByRole('button', { name: 'Add redirect' }).click();
  await adding.locator('#field-to-error').filter({ hasText: 'chaining' }).waitFor();
  if ((await adding.getByLabel(/^To/).getAttribute('aria-invalid')) !== 'true') fail('the refused field is not marked');
  const chained = (await api('GET', `/api/v1/admin/redirects?q=${encodeURIComponent(loop)}`, undefined, admin.access_token)).body.data;
  if (chained.length) fail(`a refused redirect was stored: ${JSON.stringify(chained)}`);

  // Found by words of its note.
  await find(`run ${run}`);
  const listed = await page.locator('tbody tr').allTextContents();
  if (listed.length !== 1 || !listed[0].includes(from) || !listed[0].includes(to) || !listed[0].includes('manual')) fail(`found ${JSON.stringify(listed)}`);
  await page.screenshot({ path: `${screenshotDir}/admin-redirects.png`, fullPage: true });
  await find(`nothing like this ${run}`);
  await page.getByText('No redirects match.').waitFor();

  // Opened and changed; someone else's change meanwhile is not overwritten.
  await find(from);
  await row.getByRole('link', { name: from }).click();
  await page.getByRole('heading', { name: from, level: 1 }).waitFor();
  const id = Number(page.url().split('/').pop());
  const { version } = (await api('GET', `/api/v1/admin/redirects/${id}`, undefined, admin.access_token)).body;
  const elsewhere = await fetch(`${base}/api/v1/admin/redirects/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${admin.access_token}`, 'content-type': 'application/json', 'if-match': `"${version}"` },
    body: JSON.stringify({ note: `changed elsewhere ${run}` }),
  });
  if (elsewhere.status !== 200) fail(`the change elsewhere answered ${elsewhere.status}`);
  const changing = page.getByRole('form', { name: 'Change the redirect' });
  await changing.getByLabel('Status').selectOption('302');
  await changing.getByRole('button', { name: 'Save redirect' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Someone else changed this' });
  await conflict.waitFor();
  await page.getByRole('button', { name: 'Reload their version' }).click();
  await conflict.waitFor({ state: 'detached' });
  const note = await changing.getByLabel('Note').inputValue();
  if (note !== `changed elsewhere ${run}`) fail(`their version's note reads ${JSON.stringify(note)}`);
  await changing.getByLabel('Status').selectOption('302');
  await changing.getByRole('button', { name: 'Save redirect' }).click();
  await changing.getByRole('status').filter({ hasText: 'Redirect saved.' }).waitFor();
  const saved = (await api('GET', `/api/v1/admin/redirects/${id}`, undefined, admin.access_token)).body;
  if (saved.status !== 302 || saved.to !== to || saved.note !== `changed elsewhere ${run}`) fail(`saved ${JSON.stringify(saved)}`);

  // The public endpoint answers with it (a trailing slash does not count), and counts a hit.
  const answer = await resolve(`${from}/`);
  if (answer.status !== 200 || answer.body.to !== to || answer.body.status !== 302) fail(`resolve: ${answer.status} ${JSON.stringify(answer.body)}`);

  // The hit shows in the list once the server has written it (every 2 s).
  await page.getByRole('link', { name: '← Redirects' }).click();
  await page.getByRole('heading', { name: 'Redirects', level: 1 }).waitFor();
  const hits = row.getByRole('cell').nth(3);
  const deadline = Date.now() + 12000;
  for (;;) {
    await find(from);
    if (Number(await hits.textContent()) >= 1) break;
    if (Date.now() > deadline) fail(`no hit counted: ${await row.textContent()}`);
    await page.waitForTimeout(1000);
  }
  if ((await row.getByRole('cell').nth(4).textContent()) === '—') fail('a hit without its time');
  if ((await row.getByRole('cell').nth(2).textContent()) !== '302') fail(`the status reads ${await row.getByRole('cell').nth(2).textContent()}`);

  // The CSV export, downloaded with the editor's token.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  if (file.suggestedFilename() !== 'redirects.csv') fail(`the export is named ${file.suggestedFilename()}`);
  const lines = (await readFile(await file.path(), 'utf8')).split('\r\n');
  if (lines[0] !== 'from_path,to,status,hits,last_hit_at,note') fail(`the CSV starts ${JSON.stringify(lines[0])}`);
  if (!lines.some((line) => line.startsWith(`${from},${to},302,`))) fail(`the CSV has no line for ${from}:\n${lines.join('\n')}`);

  // Deleted, after a second click: its path leads nowhere again.
  await row.getByRole('link', { name: from }).click();
  await page.getByRole('heading', { name: from, level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Delete redirect' }).click();
  await page.getByRole('button', { name: /Really delete/ }).click();
  await page.getByRole('heading', { name: 'Redirects', level: 1 }).waitFor();
  await find(from);
  await page.getByText('No redirects match.').waitFor();
  const after = await resolve(from);
  if (after.status !== 404) fail(`a deleted redirect resolves: ${after.status} ${JSON.stringify(after.body)}`);

  // An author has no Redirects screen, nor reaches it by its address.
  const author = await openPage(browser);
  await signIn(author.page, base, people.author);
  if ((await navLinks(author.page)).includes('Redirects')) fail(`an author's screens: ${await navLinks(author.page)}`);
  await author.page.goto(`${base}/admin/#/redirects`);
  await author.page.getByRole('heading', { name: 'Articles', level: 1 }).waitFor();
  if (await author.page.getByRole('heading', { name: 'Redirects' }).count()) fail('an author sees the redirects');
  const refused = await api('GET', '/api/v1/admin/redirects', undefined, (await api('POST', '/api/v1/auth/login', people.author)).body.access_token);
  if (refused.status !== 403) fail(`an author's list answered ${refused.status}`);

  // Chromium logs each 4xx answer as a console error; those are the refusals tested above.
  const unexpected = [...problems, ...author.problems].filter((p) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(p));
  if (unexpected.length) fail(`browser problems:\n${unexpected.join('\n')}`);
  console.log('redirects: added, a loop and a chain refused by field, found, changed against a conflict, resolved, its hit counted, exported as CSV, deleted; no screen for an author');
} finally {
  await browser.close();
}
