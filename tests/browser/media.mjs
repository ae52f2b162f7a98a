// The media library in Chromium: an editor uploads a real PNG (made here, byte by byte) with
// its alt text through the file input, and another by dropping it on the form, watches them
// become ready with thumbnails the browser decodes, edits a description and sets the focal
// point by clicking the image, makes it an article's cover from the editor's picker, sees
// the published article's `cover_image.srcset`, and is told where it is used when deleting it.
//   node media.mjs BASE ADMIN_EMAIL ADMIN_PASSWORD
import { deflateSync } from 'node:zlib';
import { apiAt, launch, screenshotDir } from './browser.mjs';

const [base, adminEmail, adminPassword] = process.argv.slice(2);
const fail = (message) => { throw new Error(message); };
const api = apiAt(base);

/** A `width` × `height` RGB PNG of a diagonal gradient. */
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) rows.set([(x * 255) / width, (y * 255) / height, 140], row + 1 + x * 3);
  }
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const admin = (await api('POST', '/api/v1/auth/login', { email: adminEmail, password: adminPassword })).body;
const email = `media-${Date.now()}@browser.test`;
const password = 'a media editor password';
const made = await api('POST', '/api/v1/admin/users', { email, password, display_name: 'Mia Media', role: 'editor' }, admin.access_token);
if (made.status !== 201) fail(`user: ${made.status}`);
const article = (await api('POST', '/api/v1/admin/articles', { title: `Covered in Chromium ${Date.now()}` }, admin.access_token)).body;

const { browser, page, problems } = await launch();
try {
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Media' }).click();
  await page.getByRole('heading', { name: 'Upload an image' }).waitFor();

  // The upload: a real file through the file input, with its alt text.
  const filename = `gull-point-${Date.now()}.png`;
  await page.getByLabel('Image file').setInputFiles({ name: filename, mimeType: 'image/png', buffer: png(900, 600) });
  await page.getByLabel('Alt text', { exact: false }).first().fill('A lighthouse at dusk');
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('status').filter({ hasText: `Uploaded ${filename}.` }).waitFor();
  const sent = await page.locator('progress').evaluate((p) => p.value);
  if (sent !== 1) fail(`the upload's progress ended at ${sent}`);
  // It is listed at once, then shows its thumbnail once its variants are made.
  const row = page.getByRole('row').filter({ hasText: filename });
  await row.waitFor();
  const thumb = row.getByRole('img', { name: 'A lighthouse at dusk' });
  await thumb.waitFor({ timeout: 30000 });
  const decoded = await thumb.evaluate(async (img) => {
    await img.decode();
    return [img.naturalWidth, img.currentSrc];
  });
  if (decoded[0] !== 320 || !/\/media\/[0-9a-f]{32}\/320\.webp$/.test(decoded[1])) fail(`the thumbnail is ${decoded}`);
  await page.screenshot({ path: `${screenshotDir}/admin-media.png`, fullPage: true });

  // Not an image: refused, saying why, and nothing is listed.
  await page.getByLabel('Image file').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('alert').filter({ hasText: /SVG|not an image|unsupported|JPEG, PNG/i }).waitFor();
  if (await page.getByRole('row').filter({ hasText: 'notes.png' }).count()) fail('a refused file is listed');

  // A file dropped on the form is uploaded like a chosen one.
  await page.evaluate((bytes) => {
    const files = new DataTransfer();
    files.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
    const form = document.getElementById('field-file').form;
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
  }, [...png(400, 300)]);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('status').filter({ hasText: 'Uploaded dropped.png.' }).waitFor();
  // Without alt text its thumbnail is decoration (alt=""), not an image with a name.
  await page.getByRole('row').filter({ hasText: 'dropped.png' }).locator('img').waitFor({ timeout: 30000 });

  // Its description, edited, and its focal point set by a click on the image.
  await row.getByRole('link', { name: filename }).click();
  await page.getByRole('heading', { name: filename, level: 1 }).waitFor();
  await page.getByLabel('Alt text').fill('The Gull Point lighthouse at dusk');
  await page.getByLabel('Credit').fill('Reel Lantern');
  const picture = page.getByRole('img', { name: 'A lighthouse at dusk' });
  const box = await picture.boundingBox();
  await picture.click({ position: { x: box.width * 0.25, y: box.height * 0.75 } });
  const focal = [await page.getByLabel('Focal point across').inputValue(), await page.getByLabel('Focal point down').inputValue()].map(Number);
  if (Math.abs(focal[0] - 0.25) > 0.01 || Math.abs(focal[1] - 0.75) > 0.01) fail(`the click set the focal point to ${focal}`);
  await page.getByRole('button', { name: 'Save description' }).click();
  await page.getByRole('status').filter({ hasText: 'Description saved.' }).waitFor();

  // The cover of an article, chosen in the editor.
  await page.goto(`${base}/admin/#/articles/${article.id}`);
  const choice = page.getByLabel('Cover image from the library');
  await choice.waitFor();
  await choice.selectOption({ label: `${filename} — The Gull Point lighthouse at dusk` });
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.getByRole('status').filter({ hasText: 'Details saved.' }).waitFor();
  // A section's image, from the same library.
  const label = `${filename} — The Gull Point lighthouse at dusk`;
  await page.getByLabel('Heading', { exact: true }).last().fill('The last shot');
  await page.getByLabel('Image from the library').last().selectOption({ label });
  await page.getByRole('button', { name: 'Add section' }).click();
  await page.getByRole('listitem').filter({ hasText: 'The last shot' }).waitFor();
  const saved = (await api('GET', `/api/v1/admin/articles/${article.id}`, undefined, admin.access_token)).body;
  const items = (await api('GET', `/api/v1/admin/media?q=${encodeURIComponent(filename)}`, undefined, admin.access_token)).body.data;
  if (items.length !== 1 || saved.cover_image_id !== items[0].id) fail(`cover ${saved.cover_image_id}, items ${JSON.stringify(items)}`);
  const sections = (await api('GET', `/api/v1/admin/articles/${article.id}/sections`, undefined, admin.access_token)).body.data;
  if (sections.length !== 1 || sections[0].media_id !== items[0].id) fail(`sections ${JSON.stringify(sections)}`);

  // The editor's own picture.
  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByLabel('Picture from the library').selectOption({ label });
  await page.getByRole('button', { name: 'Save picture' }).click();
  await page.getByRole('status').filter({ hasText: 'Your picture is saved.' }).waitFor();
  const me = (await api('POST', '/api/v1/auth/login', { email, password })).body.user;
  if (me.avatar_id !== items[0].id) fail(`avatar ${me.avatar_id}`);
  if (items[0].alt !== 'The Gull Point lighthouse at dusk' || items[0].credit !== 'Reel Lantern') fail(`described ${JSON.stringify(items[0])}`);
  if (Math.abs(items[0].focal_point.x - 0.25) > 0.01 || Math.abs(items[0].focal_point.y - 0.75) > 0.01) fail(`focal point ${JSON.stringify(items[0].focal_point)}`);

  // Published, the article carries the library image with its srcsets.
  const published = await api('POST', `/api/v1/admin/articles/${article.id}/publish`, undefined, admin.access_token);
  if (published.status !== 200) fail(`publish: ${published.status}`);
  const shown = (await api('GET', `/api/v1/articles/${saved.slug}`)).body;
  if (shown.cover_image?.alt !== 'The Gull Point lighthouse at dusk' || !/\/media\/[0-9a-f]{32}\/320\.webp 320w/.test(shown.cover_image?.srcset?.webp || '')) fail(`public cover ${JSON.stringify(shown.cover_image)}`);

  // In use: deleting it is refused, naming the article.
  await page.goto(`${base}/admin/#/media/${items[0].id}`);
  await page.getByText(`article ${article.id}`).first().waitFor();
  await page.getByRole('button', { name: `Delete ${filename}` }).click();
  await page.getByRole('button', { name: /Really delete/ }).click();
  await page.getByRole('alert').filter({ hasText: `article ${article.id}` }).waitFor();
  for (const use of [`section ${sections[0].id}`, `user ${me.id}`]) {
    if (!(await page.getByRole('alert').textContent()).includes(use)) fail(`the refusal does not name ${use}`);
  }

  const unexpected = problems.filter((p) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(p));
  if (unexpected.length) fail(`browser problems:\n${unexpected.join('\n')}`);
  console.log('media: uploaded by file input and by drop, thumbnails decoded, described, focal point clicked, chosen as a cover, a section image and a picture, published with srcsets, kept while in use');
} finally {
  await browser.close();
}
