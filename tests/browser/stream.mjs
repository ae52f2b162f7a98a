// The live change stream in a browser: Chromium's own EventSource, on a page of the server's
// origin under its content security policy, receives each write as an event whose id is a
// /changes cursor. Usage: node stream.mjs http://127.0.0.1:PORT ADMIN_EMAIL ADMIN_PASSWORD
import { launch } from './browser.mjs';

const [base, email, password] = process.argv.slice(2);
const { browser, page, problems } = await launch();
try {
  await page.goto(`${base}/docs/`);
  await page.evaluate(() => new Promise((resolve, reject) => {
    window.received = [];
    const source = new EventSource('/api/v1/changes/stream');
    source.onmessage = (event) => window.received.push({ id: event.lastEventId, entry: JSON.parse(event.data) });
    source.onopen = () => resolve();
    source.onerror = () => reject(new Error('the EventSource failed to open'));
  }));

  const post = (path, body, token) => fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const { access_token: token } = await (await post('/api/v1/auth/login', { email, password })).json();
  const made = [];
  for (const title of ['Streamed in a browser', 'Streamed again']) {
    const response = await post('/api/v1/admin/movies', { title }, token);
    if (response.status !== 201) throw new Error(`creating a movie answered ${response.status}`);
    made.push((await response.json()).id);
  }

  await page.waitForFunction((n) => window.received.length >= n, made.length, { timeout: 10000 });
  const received = await page.evaluate(() => window.received);
  const ids = received.map((e) => e.entry.id);
  if (JSON.stringify(ids) !== JSON.stringify(made)) throw new Error(`events for ${ids}, writes made ${made}`);
  if (received.some((e) => e.entry.kind !== 'movie' || !e.id)) throw new Error(`unexpected events ${JSON.stringify(received)}`);
  // The first event's id resumes the feed right after it.
  const after = await (await fetch(`${base}/api/v1/changes?since=${encodeURIComponent(received[0].id)}`)).json();
  if (after.data[0]?.id !== made[1]) throw new Error(`/changes after the first event: ${JSON.stringify(after.data)}`);
  if (problems.length) throw new Error(`the page reported:\n${problems.join('\n')}`);
  console.log(`stream: ${received.length} writes arrived in Chromium's EventSource in order, each id a /changes cursor`);
} finally {
  await browser.close();
}
