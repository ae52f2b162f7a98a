// An ArticleSummary as a card: used by the home page list and the "Related articles" of an article.
import { pageUrl } from './config.js';
import { h, image, time } from './dom.js';
import { formatDate, kindLabel, movieLabel, readingTime } from './format.js';

/** The tags as a list of links to the home page filtered by that tag. */
export function tagList(tags) {
  const named = (tags || []).filter((tag) => tag && tag.name);
  if (!named.length) return null;
  return h('ul', { class: 'tags', 'aria-label': 'Tags' }, named.map((tag) => h('li', {},
    tag.slug ? h('a', { href: pageUrl('index.html', { tag: tag.slug }) }, tag.name) : tag.name)));
}

/** Cover, kicker (kind · film), title link, subtitle, excerpt, byline (author · date · reading time), tags. */
export function articleCard(article, headingLevel = 'h2') {
  const href = pageUrl('article.html', { slug: article.slug });
  const cover = image(article.cover_image_url, article.cover_image_alt, { class: 'card-cover' });
  const author = article.author?.display_name;
  const minutes = readingTime(article.reading_time_minutes);
  const byline = [
    author ? h('span', { class: 'author' }, `By ${author}`) : null,
    time(article.published_at, formatDate(article.published_at)),
    minutes ? h('span', { class: 'reading-time' }, minutes) : null,
  ].filter(Boolean);

  return h('article', { class: 'card' },
    // The title link is the one for keyboards and screen readers; the cover repeats it for the mouse.
    cover ? h('a', { href, class: 'card-cover-link', tabindex: '-1', 'aria-hidden': 'true' }, cover) : null,
    h('div', { class: 'card-body' },
      h('p', { class: 'kicker' },
        article.kind ? h('span', { class: 'kind' }, kindLabel(article.kind)) : null,
        article.movie ? h('span', { class: 'movie' }, movieLabel(article.movie)) : null),
      h(headingLevel, { class: 'card-title' }, h('a', { href }, article.title || article.slug)),
      article.subtitle ? h('p', { class: 'subtitle' }, article.subtitle) : null,
      article.excerpt ? h('p', { class: 'excerpt' }, article.excerpt) : null,
      byline.length ? h('p', { class: 'byline' }, byline) : null,
      tagList(article.tags)));
}
