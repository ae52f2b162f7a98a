// Swagger UI at /docs/ renders every operation under its content security policy, with no
// CSP violation and no script error. Usage: node docs.mjs http://127.0.0.1:PORT
import { launch, screenshotDir } from './browser.mjs';

const base = process.argv[2];
const { browser, page, problems } = await launch();
try {
  await page.goto(`${base}/docs/`);
  await page.waitForSelector('.opblock', { timeout: 20000 });
  const operations = await page.locator('.opblock').count();
  const spec = await (await fetch(`${base}/api/v1/openapi.json`)).json();
  // Swagger UI renders the OpenAPI 3.1 `webhooks` section as operations too.
  const count = (items) => Object.values(items ?? {}).reduce((n, item) => n + Object.keys(item).filter((k) => k !== 'parameters').length, 0);
  const expected = count(spec.paths) + count(spec.webhooks);
  if (operations !== expected) throw new Error(`Swagger UI shows ${operations} operations, the spec has ${expected} (paths and webhooks)`);
  await page.screenshot({ path: `${screenshotDir}/docs.png` });
  if (problems.length) throw new Error(`the page reported:\n${problems.join('\n')}`);
  console.log(`docs: ${operations} operations rendered, no CSP violation or script error`);
} finally {
  await browser.close();
}
