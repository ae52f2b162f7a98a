// A tiny zero-dependency static file server for the reader site (used by the browser test):
//   node serve.mjs [port] [host]        default 127.0.0.1:8000
// Serves only files inside this folder: the decoded path is resolved, symlinks included, and
// anything that lands outside the folder is a 404.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const port = Number(process.argv[2] || 8000);
const host = process.argv[3] || '127.0.0.1';
const root = await realpath(fileURLToPath(new URL('.', import.meta.url)));

function send(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(text);
}

/** The real path of the file a URL path names, or null when it is not a file inside root. */
async function resolveFile(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  let file = join(root, path); // may climb out of root with '..': checked below, after realpath
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    file = await realpath(file); // symlinks resolved, so a link cannot lead outside either
  } catch {
    return null;
  }
  if (!file.startsWith(root + sep)) return null;
  return (await stat(file)).isFile() ? file : null;
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
  }
  const file = await resolveFile(new URL(req.url, 'http://localhost').pathname);
  if (!file) return send(res, 404, 'not found\n');
  const { size } = await stat(file);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) send(res, 500, 'internal error\n');
    else res.destroy();
  });
});

server.listen(port, host, () => {
  console.log(`Marquee reader at http://${host}:${port}/ (serving ${root})`);
});
