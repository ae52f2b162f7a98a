// Home page: published articles newest first from GET /api/v1/articles, ten at a time, with an
// "Older articles" button that follows next_cursor. Filters ?tag= ?movie= ?kind= ?author= pass through.
import { apiPath, getJson } from './api.js';
import { pageUrl, param } from './config.js';
import { articleCard } from './cards.js';
import { carryApiParam, h, say } from './dom.js';

const PAGE_SIZE = 10;
const FILTERS = ['tag', 'movie', 'kind', 'author'];

const list = document.getElementById('articles');
const status = document.getElementById('status');
const older = document.getElementById('older');
const filters = Object.fromEntries(FILTERS.map((name) => [name, param(name)]).filter(([, v]) => v));
let cursor = null;

async function loadPage() {
  older.disabled = true;
  try {
    const page = await getJson(apiPath(['articles'], { ...filters, limit: PAGE_SIZE, cursor }));
    for (const article of page.data || []) list.append(h('li', {}, articleCard(article)));
    cursor = page.next_cursor || null;
    older.hidden = cursor === null;
    say(status, list.children.length ? '' : 'No articles have been published yet.');
  } catch (error) {
    say(status, `The articles could not be loaded: ${error.message}`, 'error');
  } finally {
    older.disabled = false;
  }
}

function showFilter() {
  const entries = Object.entries(filters);
  if (!entries.length) return;
  const box = document.getElementById('filter');
  box.append(`Showing articles with ${entries.map(([name, value]) => `${name} “${value}”`).join(', ')}. `,
    h('a', { href: pageUrl('index.html') }, 'Show all articles'));
  box.hidden = false;
}

carryApiParam(pageUrl);
showFilter();
older.addEventListener('click', loadPage);
loadPage();
