// Small DOM helpers: elements are built with createElement and textContent only, never from
// HTML strings; the single exception is server-sanitized body_html, inserted by insertHtml().

import { API_BASE } from './config.js';

/**
 * A URL from the API as this page can load it: Marquee's own media files come as paths
 * (`/media/…`, unless the server has MARQUEE_MEDIA_PUBLIC_URL), which belong to the API's
 * host, not this site's.
 */
export function fromApi(url) {
  return url.startsWith('/') && !url.startsWith('//') ? new URL(url, `${API_BASE}/`).href : url;
}

/**
 * h('a', {href, class: 'x'}, 'text', child) — attributes are set with setAttribute (null and
 * false are skipped), string children become text nodes, null children are ignored.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false || child === '') continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A <time> in the reader's locale with the machine-readable value kept. */
export function time(iso, text) {
  return iso && text ? h('time', { datetime: iso }, text) : null;
}

/** An <img> that removes itself when it cannot be loaded, rather than showing a broken icon. */
export function image(src, alt, attributes = {}) {
  if (!src) return null;
  const img = h('img', { src: fromApi(src), alt: alt || '', loading: 'lazy', decoding: 'async', ...attributes });
  img.addEventListener('error', () => img.remove(), { once: true });
  return img;
}

// Belt and braces for body_html: the server sanitizes it, but a page pointed at another API
// with ?api= should not run what that server sends. The page's CSP forbids scripts as well.
const DROP = 'script, style, iframe, frame, object, embed, base, link, meta, form, svg, math';

/** An href/src with a scheme other than http, https or mailto (javascript:, data:, ...). */
function badUrl(name, value) {
  if (name !== 'href' && name !== 'src' && name !== 'xlink:href' && name !== 'action') return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u0020]/g, ''));
  return scheme !== null && !['http', 'https', 'mailto'].includes(scheme[1].toLowerCase());
}

/** Inserts server-sanitized HTML (body_html) into `parent`. */
export function insertHtml(parent, html) {
  const template = document.createElement('template');
  template.innerHTML = html || '';
  template.content.querySelectorAll(DROP).forEach((node) => node.remove());
  for (const node of template.content.querySelectorAll('*')) {
    for (const { name, value } of [...node.attributes]) {
      if (name.startsWith('on') || name === 'style' || name === 'srcdoc' || badUrl(name, value)) {
        node.removeAttribute(name);
      } else if (node.localName === 'img' && name === 'src') {
        node.setAttribute(name, fromApi(value));
      } else if (node.localName === 'img' && name === 'srcset') {
        node.setAttribute(name, value.split(',').map((candidate) => candidate.trim().replace(/^\S+/, (url) => fromApi(url))).join(', '));
      }
    }
  }
  parent.append(template.content);
  return parent;
}

/** Shows a message in a status element (role="status" or role="alert"). */
export function say(element, text, kind = 'info') {
  element.textContent = text;
  element.dataset.kind = kind;
  element.hidden = !text;
}

/** Static links marked data-internal (header, footer) get the ?api= parameter too. */
export function carryApiParam(pageUrl, root = document) {
  for (const link of root.querySelectorAll('a[data-internal]')) {
    link.setAttribute('href', pageUrl(link.getAttribute('href')));
  }
}
