// The editors' room at work, in Chromium, each person in their own browser context:
// - an editor (in New York time) enters a movie (a refused field shows its error next to
//   it), its director and cast, credits them and moves one credit up; writes an explainer
//   section by section (one deleted, one inserted before the first), reorders sections by
//   drag and drop and by keyboard (the focus follows), edits one while moving it, fills in
//   the details (movie, tags, cover, related), previews it, schedules it (the stored time
//   is UTC), publishes, unpublishes and publishes it again, and the public API shows it as
//   written; a later edit and a restore go through the revisions; at last it is archived;
// - a second context of the same editor saves first: the first gets the conflict message,
//   nothing is overwritten, and "Reload their version" shows the other edit;
// - an author sees no catalogue, no comment queue and no publish button, and cannot change
//   their article once an editor has published it;
// - a moderator sees only the comment queue (and their own account and tokens), approves one
//   comment with its reason shown and marks two as spam at once; the public API agrees;
// - the admin creates a user, changes their role, disables them (their login stops), creates
//   an API token (shown once, it works) and revokes it (it stops), reads the audit log and
//   saves the moderation rules.
// Usage: node editors.mjs http://127.0.0.1:PORT ADMIN_EMAIL ADMIN_PASSWORD
import { apiAt, launch, openPage, screenshotDir, signIn, navLinks } from './browser.mjs';

const [base, adminEmail, adminPassword] = process.argv.slice(2);
const fail = (message) => { throw new Error(message); };
const run = Date.now();

const api = apiAt(base);
const expect = (what, actual, wanted) => {
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) fail(`${what}: ${JSON.stringify(actual)}, wanted ${JSON.stringify(wanted)}`);
};

const adminToken = (await api('POST', '/api/v1/auth/login', { email: adminEmail, password: adminPassword })).body.access_token;
const people = {};
for (const role of ['editor', 'author', 'moderator']) {
  people[role] = { email: `${role}-${run}@editors.test`, password: `a ${role} password here`, name: `${role[0].toUpperCase()}${role.slice(1)} ${run}` };
  const made = await api('POST', '/api/v1/admin/users', { email: people[role].email, password: people[role].password, display_name: people[role].name, role }, adminToken);
  if (made.status !== 201) fail(`creating the ${role} answered ${made.status}`);
}


const { browser, page, problems } = await launch({ timezoneId: 'America/New_York' });
/** Waits until the editor's status badge reads `status` ("to be published" is not "published"). */
const statusIs = (status) => page.locator(`[role=status] > .status-${status}`).waitFor();
const others = [];
try {
  await signIn(page, base, people.editor);
  expect('an editor\'s screens', await navLinks(page), ['Articles', 'Media', 'Catalogue', 'Redirects', 'Comments', 'API tokens', 'Account']);

  // The catalogue: a movie, its director and cast, credited; one credit moved up.
  await page.getByRole('link', { name: 'Catalogue' }).click();
  const cast = [['Maren Holt', 'director', null], ['Ada Quist', 'actor', 'Elin'], ['Tomas Vey', 'actor', 'The keeper']];
  const newPerson = page.getByRole('form', { name: 'New cast member' });
  for (const [name] of cast) {
    await newPerson.getByLabel('Name').fill(`${name} ${run}`);
    await newPerson.getByRole('button', { name: 'Add cast member' }).click();
    await newPerson.getByRole('status').filter({ hasText: `${name} ${run} added.` }).waitFor();
  }
  const movieTitle = `The Lantern Coast ${run}`;
  const newMovie = page.getByRole('form', { name: 'New movie' });
  await newMovie.getByLabel('Title', { exact: true }).fill(movieTitle);
  await newMovie.getByLabel('Release year').fill('2024');
  await newMovie.getByLabel('Genres (comma-separated)').fill('Drama, Mystery');
  // The API's field error appears next to its field, and nothing is created.
  await newMovie.getByLabel('Trailer URL').fill('ftp://video.example/lantern-trailer');
  await newMovie.getByRole('button', { name: 'Create movie' }).click();
  await newMovie.locator('#field-trailer_url-error').filter({ hasText: 'http' }).waitFor();
  expect('the refused field is marked', await newMovie.getByLabel('Trailer URL').getAttribute('aria-invalid'), 'true');
  await newMovie.getByLabel('Trailer URL').fill('https://video.example/lantern-trailer');
  await newMovie.getByRole('button', { name: 'Create movie' }).click();
  await page.getByRole('heading', { name: movieTitle, level: 1 }).waitFor();
  const movieId = Number(page.url().split('/').pop());
  const addCredit = page.getByRole('form', { name: 'Add a credit' });
  for (const [name, role, character] of cast) {
    await addCredit.getByLabel('Find a cast member').fill(`${name} ${run}`);
    await addCredit.getByRole('button', { name: 'Find' }).click();
    await addCredit.getByLabel('Cast member').locator('option', { hasText: `${name} ${run}` }).waitFor({ state: 'attached' });
    await addCredit.getByLabel('Role').selectOption(role);
    if (character) await addCredit.getByLabel('Character (actors)').fill(character);
    await addCredit.getByRole('button', { name: 'Add credit' }).click();
    await page.getByRole('row').filter({ hasText: `${name} ${run}` }).waitFor();
  }
  await page.getByRole('button', { name: `Move up: Tomas Vey ${run}` }).click();
  await page.getByRole('row').nth(2).filter({ hasText: 'Tomas Vey' }).waitFor();
  await page.screenshot({ path: `${screenshotDir}/admin-catalogue.png`, fullPage: true });
  const credits = (await api('GET', `/api/v1/admin/movies/${movieId}/credits`, undefined, adminToken)).body.data;
  expect('credits in billing order', credits.map((c) => [c.cast_member.name.replace(` ${run}`, ''), c.role, c.character]), [
    ['Maren Holt', 'director', null], ['Tomas Vey', 'actor', 'The keeper'], ['Ada Quist', 'actor', 'Elin'],
  ]);

  // An explainer, section by section.
  await page.getByRole('link', { name: 'Articles' }).click();
  const title = `The Lantern Coast ending explained ${run}`;
  await page.getByRole('form', { name: 'New article' }).getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  const articleId = Number(page.url().split('/').pop());
  const adding = page.getByRole('form', { name: 'Add a section' });
  const sectionsList = page.getByRole('list', { name: 'Sections in reading order' });
  const item = (heading) => sectionsList.getByRole('listitem').filter({ hasText: heading });
  const written = [
    ['What happens at the end?', 'Does Elin leave the island?', 'The last shot **answers** it.', 'https://video.example/final-scene', 'The final scene'],
    ['Who is the keeper?', null, 'He was never the keeper.', null, null],
    ['What the lantern means', 'Why does it go dark?', 'Light as memory.', null, null],
  ];
  for (const [heading, subheading, body, media, caption] of written) {
    await adding.getByLabel('Heading', { exact: true }).fill(heading);
    if (subheading) await adding.getByLabel("Subheading (a reader's question)").fill(subheading);
    await adding.getByLabel('Body (markdown)').fill(body);
    if (media) await adding.getByLabel('Media URL (trailer or clip)').fill(media);
    if (caption) await adding.getByLabel('Media caption').fill(caption);
    await adding.getByRole('button', { name: 'Add section' }).click();
    await sectionsList.getByRole('listitem').filter({ hasText: heading }).waitFor();
  }
  // One added and deleted again (the button asks first), one inserted before the first.
  await adding.getByLabel('Heading', { exact: true }).fill('A section to delete');
  await adding.getByRole('button', { name: 'Add section' }).click();
  await item('A section to delete').getByRole('button', { name: 'Delete' }).click();
  await item('A section to delete').getByRole('button', { name: 'Really delete?' }).click();
  await item('A section to delete').waitFor({ state: 'detached' });
  // One inserted before the first.
  await adding.getByLabel('Heading', { exact: true }).fill('Before we begin');
  await adding.getByLabel('Body (markdown)').fill('Spoilers follow.');
  await adding.getByLabel('Position').selectOption({ label: '1. What happens at the end?'.replace(/^/, 'Before ') });
  await adding.getByRole('button', { name: 'Add section' }).click();
  await sectionsList.getByRole('listitem').first().filter({ hasText: 'Before we begin' }).waitFor();

  const headings = async () => (await api('GET', `/api/v1/admin/articles/${articleId}/sections`, undefined, adminToken)).body.data.map((s) => s.heading);
  // Drag the last section onto the second: it takes the second's place.
  await item('What the lantern means').dragTo(item('What happens at the end?'));
  await sectionsList.getByRole('listitem').nth(1).filter({ hasText: 'What the lantern means' }).waitFor();
  expect('after the drag', await headings(), ['Before we begin', 'What the lantern means', 'What happens at the end?', 'Who is the keeper?']);
  // By keyboard: Move down, and the focus stays on the moved section's button.
  await item('Before we begin').getByRole('button', { name: 'Move down' }).focus();
  await page.keyboard.press('Enter');
  await sectionsList.getByRole('listitem').nth(1).filter({ hasText: 'Before we begin' }).waitFor();
  const focused = await page.evaluate(() => [document.activeElement.textContent, document.activeElement.closest('li').textContent]);
  if (focused[0] !== 'Move down' || !focused[1].includes('Before we begin')) fail(`focus after moving: ${focused}`);
  expect('after the keyboard move', await headings(), ['What the lantern means', 'Before we begin', 'What happens at the end?', 'Who is the keeper?']);

  // Edit one section's text; moving it while its form is open is no conflict.
  await item('Who is the keeper?').getByRole('button', { name: 'Edit' }).click();
  const editing = page.getByRole('form', { name: /Editing section/ });
  await editing.getByRole('heading', { name: 'Editing section 4: Who is the keeper?' }).waitFor();
  await item('Who is the keeper?').getByRole('button', { name: 'Move up' }).click();
  await editing.getByRole('heading', { name: 'Editing section 3: Who is the keeper?' }).waitFor();
  await item('Who is the keeper?').getByRole('button', { name: 'Move down' }).click();
  await editing.getByRole('heading', { name: 'Editing section 4: Who is the keeper?' }).waitFor();
  await editing.getByLabel('Body (markdown)').fill('He was never the keeper: *she* was.');
  await editing.getByRole('button', { name: 'Save section' }).click();
  await editing.waitFor({ state: 'detached' });

  // The details, against the article version the section writes moved on.
  const details = page.getByRole('form', { name: 'Details' });
  await details.getByLabel('Subtitle').fill('The lantern, the keeper and the last shot');
  await details.getByLabel('Excerpt').fill('What the final scene of The Lantern Coast means.');
  await details.getByLabel('Movie').selectOption({ label: `${movieTitle} (2024)` });
  await details.getByLabel('Tags (comma-separated)').fill('Endings, Mystery');
  await details.getByLabel('Cover image URL').fill('https://images.example/lantern.jpg');
  await details.getByLabel('Cover image alt text').fill('A lighthouse at dusk');
  await details.getByLabel(/^Related articles \(/).selectOption({ label: "The Keeper's Daughter ending explained" });
  await details.getByRole('button', { name: 'Save details' }).click();
  await details.getByRole('status').filter({ hasText: 'Details saved.' }).waitFor();

  // The preview, in the public shape.
  await page.getByRole('button', { name: 'Show preview' }).click();
  const preview = page.getByRole('article', { name: 'Preview of the article' });
  await preview.getByText(`Directed by Maren Holt ${run}`).waitFor();
  await preview.locator('strong', { hasText: 'answers' }).waitFor();
  await page.screenshot({ path: `${screenshotDir}/admin-editor.png`, fullPage: true });

  // Scheduled at 09:30 New York time on 1 June 2030: 13:30 UTC (daylight saving time).
  await page.getByLabel(/Publish at \(your time, America\/New_York\)/).fill('2030-06-01T09:30');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await statusIs('scheduled');
  const scheduled = (await api('GET', `/api/v1/admin/articles/${articleId}`, undefined, adminToken)).body;
  expect('the scheduled time', [scheduled.status, scheduled.publish_at], ['scheduled', '2030-06-01T13:30:00Z']);

  await page.getByRole('button', { name: 'Publish now' }).click();
  await statusIs('published');
  const slug = scheduled.slug;
  const published = (await api('GET', `/api/v1/articles/${slug}`)).body;
  expect('the public article', [published.title, published.subtitle, published.sections.map((s) => s.heading), published.movie.directors.map((d) => d.name), published.movie.cast.map((c) => c.character)], [
    title, 'The lantern, the keeper and the last shot', ['What the lantern means', 'Before we begin', 'What happens at the end?', 'Who is the keeper?'], [`Maren Holt ${run}`], ['The keeper', 'Elin'],
  ]);
  if (published.sections[2].media_url !== 'https://video.example/final-scene') fail('the clip is missing');
  expect('cover, tags and related', [published.cover_image_url, published.tags.map((t) => t.name), published.related.map((r) => r.title)], [
    'https://images.example/lantern.jpg', ['Endings', 'Mystery'], ["The Keeper's Daughter ending explained"],
  ]);
  // Unpublished, it leaves the public API; published again, it is back.
  await page.getByRole('button', { name: 'Unpublish' }).click();
  await statusIs('draft');
  expect('an unpublished article', (await api('GET', `/api/v1/articles/${slug}`)).status, 404);
  await page.getByRole('button', { name: 'Publish now' }).click();
  await statusIs('published');

  // A second context of the same editor saves first; this one's save is refused and says so.
  const second = await openPage(browser);
  others.push(second);
  await signIn(second.page, base, people.editor);
  await second.page.goto(`${base}/admin/#/articles/${articleId}`);
  const theirs = second.page.getByRole('form', { name: 'Details' });
  await theirs.getByLabel('Title', { exact: true }).fill(`${title} (updated)`);
  await theirs.getByRole('button', { name: 'Save details' }).click();
  await theirs.getByRole('status').filter({ hasText: 'Details saved.' }).waitFor();
  await details.getByLabel('Subtitle').fill('A subtitle that must not win silently');
  await details.getByRole('button', { name: 'Save details' }).click();
  await details.getByRole('alert').filter({ hasText: 'Someone else changed this' }).waitFor();
  expect('after the refused save', (await api('GET', `/api/v1/articles/${slug}`)).body.subtitle, 'The lantern, the keeper and the last shot');
  await page.screenshot({ path: `${screenshotDir}/admin-conflict.png` });
  await details.getByRole('button', { name: 'Reload their version' }).click();
  await page.getByRole('heading', { name: `${title} (updated)`, level: 1 }).waitFor();

  // That edit of a published article is a revision; restoring the first brings the title back.
  await page.getByRole('button', { name: 'Show revisions' }).click();
  await page.getByRole('button', { name: 'Restore revision 1' }).click();
  await page.getByRole('heading', { name: title, level: 1, exact: true }).waitFor();
  expect('after the restore', (await api('GET', `/api/v1/articles/${slug}`)).body.title, title);

  // An author: their own articles only, and no publishing.
  const author = await openPage(browser);
  others.push(author);
  await signIn(author.page, base, people.author);
  expect('an author\'s screens', await navLinks(author.page), ['Articles', 'Media', 'API tokens', 'Account']);
  await author.page.getByRole('form', { name: 'New article' }).getByLabel('Title').fill(`An author's draft ${run}`);
  await author.page.getByRole('button', { name: 'Create draft' }).click();
  await author.page.getByText('An editor publishes this article.').waitFor();
  if (await author.page.getByRole('button', { name: 'Publish now' }).count()) fail('an author sees a publish button');
  if (await author.page.getByRole('button', { name: 'Schedule' }).count()) fail('an author sees a schedule button');
  // Once an editor publishes it, it is no longer the author's to change: no form to save.
  const authorsId = Number(author.page.url().split('/').pop());
  const current = (await api('GET', `/api/v1/admin/articles/${authorsId}`, undefined, adminToken)).body;
  expect('publishing the author\'s draft', (await fetch(`${base}/api/v1/admin/articles/${authorsId}/publish`, {
    method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'if-match': `"${current.version}"` },
  })).status, 200);
  await author.page.reload();
  await author.page.getByText('This article is out of draft: only an editor changes it now.').waitFor();
  if (await author.page.getByRole('button', { name: 'Save details' }).count()) fail('an author may save a published article');

  // A moderator works the queue. Three comments from this one client, at once.
  const before = (await api('GET', '/api/v1/admin/settings/moderation', undefined, adminToken)).body;
  await api('PUT', '/api/v1/admin/settings/moderation', { ...before, min_interval_seconds: 0 }, adminToken);
  const comment = async (name, body) => {
    const sent = await api('POST', `/api/v1/articles/${slug}/comments`, { author_name: name, author_email: `${name.toLowerCase()}@readers.test`, body });
    if (sent.status !== 202) fail(`a comment answered ${sent.status}`);
  };
  await comment('Rhea', `The lantern was her all along ${run}`);
  await comment('Spammer', `Cheap pills ${run}`);
  await comment('Spambot', `Cheap watches ${run}`);
  const moderator = await openPage(browser);
  others.push(moderator);
  await signIn(moderator.page, base, people.moderator);
  expect('a moderator\'s screens', await navLinks(moderator.page), ['Comments', 'API tokens', 'Account']);
  const queue = moderator.page.getByRole('list', { name: 'Comments' });
  const rhea = queue.getByRole('listitem', { name: `Comment by Rhea on article ${articleId}` });
  await rhea.getByText('Reason: every comment waits for a moderator').waitFor();
  await moderator.page.screenshot({ path: `${screenshotDir}/admin-moderation.png`, fullPage: true });
  await rhea.getByRole('button', { name: `Approve: Rhea on article ${articleId}` }).click();
  await rhea.waitFor({ state: 'detached' });
  await moderator.page.getByLabel(`Choose: Spammer on article ${articleId}`).check();
  await moderator.page.getByLabel(`Choose: Spambot on article ${articleId}`).check();
  await moderator.page.getByRole('button', { name: 'Spam chosen' }).click();
  await moderator.page.getByRole('status').filter({ hasText: '2 comments marked as spam.' }).waitFor();
  const shown = (await api('GET', `/api/v1/articles/${slug}/comments`)).body.data.map((c) => c.author_name);
  expect('the approved comments', shown, ['Rhea']);
  if (await moderator.page.getByRole('form', { name: 'Moderation rules' }).count()) fail('a moderator sees the rules form');

  // The admin: users, tokens, the audit log, the rules.
  const admin = await openPage(browser);
  others.push(admin);
  await signIn(admin.page, base, { email: adminEmail, password: adminPassword });
  await admin.page.getByRole('link', { name: 'Users' }).click();
  const newUser = admin.page.getByRole('form', { name: 'New user' });
  const hire = { email: `hire-${run}@editors.test`, password: 'a new hire password', name: `New Hire ${run}` };
  await newUser.getByLabel('Email').fill(hire.email);
  await newUser.getByLabel('Display name').fill(hire.name);
  await newUser.getByLabel('Role').selectOption('author');
  await newUser.getByLabel('Password (12 characters or more)').fill(hire.password);
  await newUser.getByRole('button', { name: 'Create user' }).click();
  await newUser.getByRole('status').filter({ hasText: `${hire.name} can log in now.` }).waitFor();
  const hireLogin = () => api('POST', '/api/v1/auth/login', { email: hire.email, password: hire.password });
  if ((await hireLogin()).body.user?.role !== 'author') fail('the new user cannot log in as an author');
  // Users are listed newest first: the new hire is on the first page.
  await admin.page.getByLabel(`Role of ${hire.name}`, { exact: true }).selectOption('editor');
  const relisted = admin.page.waitForResponse((r) => r.url().includes('/api/v1/admin/users?'));
  await admin.page.getByRole('button', { name: `Change role of ${hire.name}` }).click();
  await relisted;
  expect('the new role', (await hireLogin()).body.user.role, 'editor');
  await admin.page.getByRole('button', { name: `Disable ${hire.name}` }).click();
  await admin.page.getByRole('button', { name: `Really disable? ${hire.name}` }).click();
  await admin.page.getByRole('button', { name: `Enable ${hire.name}` }).waitFor();
  expect('a disabled user logging in', (await hireLogin()).status, 401);
  await admin.page.screenshot({ path: `${screenshotDir}/admin-users.png`, fullPage: true });

  await admin.page.getByRole('link', { name: 'API tokens' }).click();
  const newToken = admin.page.getByRole('form', { name: 'New API token' });
  await newToken.getByLabel('Name').fill(`moderation script ${run}`);
  await newToken.getByLabel('Role', { exact: true }).selectOption('moderator');
  await newToken.getByRole('button', { name: 'Create token' }).click();
  const secret = await admin.page.getByLabel('The new token').inputValue();
  expect('the token works', (await api('GET', '/api/v1/admin/comments?status=pending', undefined, secret)).status, 200);
  await admin.page.getByRole('button', { name: `Revoke moderation script ${run}` }).click();
  await admin.page.getByRole('button', { name: `Really revoke? moderation script ${run}` }).click();
  await admin.page.getByRole('row').filter({ hasText: `moderation script ${run}` }).waitFor({ state: 'detached' });
  expect('the revoked token', (await api('GET', '/api/v1/admin/comments?status=pending', undefined, secret)).status, 401);

  await admin.page.getByRole('link', { name: 'Audit log' }).click();
  await admin.page.getByLabel('Action').fill('user.create');
  await admin.page.getByRole('button', { name: 'Show' }).click();
  await admin.page.getByRole('row').filter({ hasText: 'user.create' }).first().waitFor();

  await admin.page.getByRole('link', { name: 'Comments' }).click();
  const rules = admin.page.getByRole('form', { name: 'Moderation rules' });
  await rules.getByLabel('Hold for a moderator').selectOption('first_time');
  await rules.getByLabel('Hold words (one per line)').fill('casino\nfree money');
  await rules.getByRole('button', { name: 'Save rules' }).click();
  await rules.getByRole('status').filter({ hasText: 'Rules saved.' }).waitFor();
  const saved = (await api('GET', '/api/v1/admin/settings/moderation', undefined, adminToken)).body;
  expect('the saved rules', [saved.hold, saved.hold_words], ['first_time', ['casino', 'free money']]);
  await api('PUT', '/api/v1/admin/settings/moderation', before, adminToken);

  // Archived, the article leaves the public API.
  await page.getByRole('button', { name: 'Archive' }).click();
  await statusIs('archived');
  expect('an archived article', (await api('GET', `/api/v1/articles/${slug}`)).status, 404);

  // At 360 px the editor fits the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) fail(`the editor is ${width} px wide at 360`);
  await page.screenshot({ path: `${screenshotDir}/admin-editor-360.png` });

  const all = [problems, ...others.map((o) => o.problems)].flat();
  // Chromium logs each 4xx answer as a console error (the 412 above is one of them), and the
  // cover image the preview shows, whose made-up host does not resolve here.
  const expected = /Failed to load resource: (the server responded with a status of 4\d\d|net::ERR_NAME_NOT_RESOLVED)/;
  const unexpected = all.filter((p) => !expected.test(p));
  if (unexpected.length) fail(`the pages reported:\n${unexpected.join('\n')}`);
  console.log('editors: catalogue with credits reordered; an explainer written section by section, reordered by drag and keyboard, previewed, scheduled in New York time, published, shown by the public API; conflict refused and reloaded; revision restored; author without publishing; moderator approves one and spams two; admin users, tokens, audit, rules; 360 px');
} catch (error) {
  // What the main page showed when it failed, for whoever reads the log.
  for (const [i, p] of [page, ...others.map((o) => o.page)].entries()) {
    await p.screenshot({ path: `${screenshotDir}/editors-failure-${i}.png`, fullPage: true }).catch(() => {});
  }
  console.error([problems, ...others.map((o) => o.problems)].flat().join('\n'));
  throw error;
} finally {
  await browser.close();
}
