// Article page (?slug=...): GET /api/v1/articles/{slug} shown as header, cover, table of contents,
// sections (with YouTube/Vimeo embeds), the film, the author, related articles; comments.js does the rest.
import { ApiError, apiPath, getJson } from './api.js';
import { articleCard, tagList } from './cards.js';
import { setupComments } from './comments.js';
import { pageUrl, param } from './config.js';
import { carryApiParam, h, image, insertHtml, say, time } from './dom.js';
import { embedFor, webUrl } from './embed.js';
import { formatDate, joinNames, kindLabel, movieLabel, readingTime } from './format.js';

const NOT_FOUND = 'This article does not exist (or is not published).';
const status = document.getElementById('status');
const post = document.getElementById('post');

/** Section anchors from the API; an older server without them gets section-{position}. */
function withAnchors(sections) {
  const used = new Set();
  return [...sections].sort((a, b) => a.position - b.position).map((section, index) => {
    const fallback = `section-${section.position ?? index + 1}`;
    let anchor = section.anchor || fallback;
    // Unique on the page, also beside the page's own ids (an older server may lack or repeat anchors).
    if (used.has(anchor) || document.getElementById(anchor)) anchor = `${fallback}-${index + 1}`;
    used.add(anchor);
    return { ...section, anchor };
  });
}

function header(article) {
  const author = article.author || {};
  const name = author.display_name
    ? (author.slug ? h('a', { href: pageUrl('index.html', { author: author.slug }) }, author.display_name) : author.display_name)
    : null;
  const published = formatDate(article.published_at);
  const updated = formatDate(article.updated_at);
  const minutes = readingTime(article.reading_time_minutes);
  return h('header', { class: 'post-header' },
    h('p', { class: 'kicker' },
      article.kind ? h('span', { class: 'kind' }, kindLabel(article.kind)) : null,
      article.movie ? h('span', { class: 'movie' }, movieLabel(article.movie)) : null),
    h('h1', { class: 'post-title' }, article.title),
    article.subtitle ? h('p', { class: 'subtitle' }, article.subtitle) : null,
    h('div', { class: 'byline' },
      image(author.avatar_url, '', { class: 'avatar', width: '44', height: '44' }),
      h('p', {},
        name ? h('span', { class: 'author' }, 'By ', name) : null,
        time(article.published_at, published),
        updated && updated !== published ? h('span', {}, 'Updated ', time(article.updated_at, updated)) : null,
        minutes ? h('span', { class: 'reading-time' }, minutes) : null)),
    tagList(article.tags));
}

function cover(article) {
  const img = image(article.cover_image_url, article.cover_image_alt, { class: 'cover-image', loading: 'eager' });
  if (!img) return null;
  const figure = h('figure', { class: 'cover' }, img,
    article.cover_image_caption ? h('figcaption', {}, article.cover_image_caption) : null);
  img.addEventListener('error', () => figure.remove(), { once: true }); // no caption under nothing
  return figure;
}

function tableOfContents(sections) {
  if (!sections.length) return null;
  return h('nav', { class: 'toc', 'aria-label': 'Table of contents' },
    h('h2', { class: 'toc-title' }, 'In this article'),
    h('ol', {}, sections.map((s) => h('li', {}, h('a', { href: `#${s.anchor}` }, s.heading)))));
}

/** The API's own reading of a video URL (`section.embed`), as `embedFor` describes players. */
function fromApi(embed) {
  return { type: embed.provider, id: embed.video_id, src: embed.embed_url };
}

const SERVICES = { youtube: 'YouTube', vimeo: 'Vimeo', dailymotion: 'Dailymotion' };

function media(section) {
  // The API reads video URLs itself (`embed`); an older server leaves that to embedFor.
  const embed = section.embed ? fromApi(section.embed) : embedFor(section.media_url);
  if (!embed) return null;
  const caption = section.media_caption ? h('figcaption', {}, section.media_caption) : null;
  if (embed.type === 'link') {
    return h('figure', { class: 'media' },
      h('p', { class: 'media-link' }, h('a', { href: embed.href, rel: 'noopener noreferrer' }, embed.href)), caption);
  }
  const service = SERVICES[embed.type] || 'Video';
  return h('figure', { class: 'media' },
    h('div', { class: 'embed' }, h('iframe', {
      src: embed.src,
      title: `${service} video: ${section.media_caption || section.heading}`,
      loading: 'lazy',
      allow: 'accelerometer; encrypted-media; gyroscope; picture-in-picture; fullscreen',
      allowfullscreen: true,
      referrerpolicy: 'strict-origin-when-cross-origin',
    })),
    caption);
}

function section(s) {
  const body = h('div', { class: 'prose' });
  if (s.body_html) insertHtml(body, s.body_html);
  else if (s.body) body.append(h('p', {}, s.body));
  return h('section', { id: s.anchor, class: 'section' },
    h('h2', {}, s.heading),
    s.subheading ? h('p', { class: 'question' }, s.subheading) : null,
    body,
    media(s));
}

function film(movie) {
  if (!movie) return null;
  const directors = (movie.directors || []).map((d) => d.name).filter(Boolean);
  const cast = [...(movie.cast || [])].sort((a, b) => (a.billing_order ?? Infinity) - (b.billing_order ?? Infinity));
  const trailer = webUrl(movie.trailer_url);
  return h('section', { class: 'film', id: 'reader-film', 'aria-label': 'About the film' },
    h('h2', {}, 'About the film'),
    h('div', { class: 'film-card' },
      image(movie.poster_url, `Poster of ${movie.title}`, { class: 'poster', width: '160' }),
      h('div', { class: 'film-info' },
        h('h3', { class: 'film-title' }, movie.title,
          movie.release_year ? h('span', { class: 'year' }, ` (${movie.release_year})`) : null),
        directors.length ? h('p', { class: 'directors' }, 'Directed by ', h('span', {}, joinNames(directors))) : null,
        trailer ? h('p', {}, h('a', { href: trailer, rel: 'noopener noreferrer' }, 'Watch the trailer')) : null,
        cast.length ? h('h4', {}, 'Cast') : null,
        cast.length ? h('ul', { class: 'cast' }, cast.map((c) => h('li', {},
          h('span', { class: 'cast-name' }, c.name),
          c.character ? [' as ', h('span', { class: 'character' }, c.character)] : null))) : null)));
}

function authorBox(author) {
  if (!author || !author.bio) return null;
  return h('aside', { class: 'author-box', 'aria-label': 'About the author' },
    image(author.avatar_url, '', { class: 'avatar', width: '64', height: '64' }),
    h('div', {},
      h('p', { class: 'kicker' }, 'About the author'),
      h('p', { class: 'author-name' }, author.display_name),
      h('p', {}, author.bio)));
}

function related(articles) {
  if (!articles || !articles.length) return null;
  return h('section', { class: 'related', id: 'reader-related', 'aria-label': 'Related articles' },
    h('h2', {}, 'Related articles'),
    h('ul', { class: 'related-list' }, articles.map((a) => h('li', {}, articleCard(a, 'h3')))));
}

function setMeta(article) {
  document.title = article.meta_title || article.title;
  let description = document.querySelector('meta[name="description"]');
  if (!description) description = document.head.appendChild(h('meta', { name: 'description' }));
  description.setAttribute('content', article.meta_description || article.excerpt || '');
  const canonical = webUrl(article.canonical_url);
  if (canonical) document.head.append(h('link', { rel: 'canonical', href: canonical }));
}

function render(article) {
  const sections = withAnchors(article.sections || []);
  setMeta(article);
  post.append(...[
    header(article),
    cover(article),
    tableOfContents(sections),
    h('div', { class: 'sections', id: 'reader-sections' }, sections.map(section)),
    authorBox(article.author),
    film(article.movie),
    related(article.related),
  ].filter(Boolean));
  post.hidden = false;
  say(status, '');
  // The browser tried to scroll to #anchor before the sections existed.
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

function fail(message) {
  say(status, message, 'error');
  status.append(' ', h('a', { href: pageUrl('index.html') }, 'See all articles'));
}

async function main() {
  carryApiParam(pageUrl);
  const slug = param('slug');
  if (!slug) {
    document.title = 'Article not found — Marquee';
    return fail(NOT_FOUND);
  }
  let article;
  try {
    article = await getJson(apiPath(['articles', slug]));
  } catch (error) {
    document.title = error.status === 404 ? 'Article not found — Marquee' : 'Marquee';
    return fail(error instanceof ApiError && error.status === 404 ? NOT_FOUND : `The article could not be loaded: ${error.message}`);
  }
  render(article);
  setupComments(article.slug || slug, article.comment_count);
}

main();
