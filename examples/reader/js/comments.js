// Comments of an article: the approved ones from GET /api/v1/articles/{slug}/comments (a flat list;
// replies are nested under their parent_id; "More comments" follows next_cursor), and the form
// that POSTs a new one and shows the API's answer: 202 pending/approved, field errors, 429.
import { apiPath, getJson, postJson } from './api.js';
import { h, insertHtml, say, time } from './dom.js';
import { formatDateTime } from './format.js';

const PAGE_SIZE = 20;
// API field → the id of its input; the error goes in `${id}-error`.
const FIELDS = { author_name: 'comment-name', author_email: 'comment-email', body: 'comment-body' };

const $ = (id) => document.getElementById(id);
/** "too many requests" → "Too many requests." */
const sentence = (text) => (text ? `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}` : '');

export function setupComments(slug, commentCount) {
  const list = $('comment-list');
  const more = $('more-comments');
  const listStatus = $('comments-status');
  const form = $('comment-form');
  const formMessage = $('form-message');
  const formStatus = $('form-status');
  const submit = $('post-comment');
  const shown = new Map(); // comment id → its <li>
  let cursor = null;
  let count = Number.isInteger(commentCount) ? commentCount : null;
  let replyTo = null;

  function showCount() {
    // The article (and its comment_count) may come from the browser's cache, the comments never do.
    const total = count === null ? null : Math.max(count, shown.size);
    $('reader-comments-title').textContent = total === null ? 'Comments' : `Comments (${total})`;
  }

  function item(comment) {
    const author = comment.author_name || 'Anonymous';
    const text = h('div', { class: 'prose comment-text' });
    if (comment.body_html) insertHtml(text, comment.body_html);
    else text.append(h('p', {}, comment.body || ''));
    const reply = h('button', { type: 'button', class: 'link-button', 'aria-label': `Reply to ${author}` }, 'Reply');
    reply.addEventListener('click', () => startReply(comment.id, author));
    return h('li', { class: 'comment', id: `comment-${comment.id}` },
      h('article', {},
        h('header', { class: 'comment-meta' },
          h('span', { class: 'comment-author' }, author),
          time(comment.created_at, formatDateTime(comment.created_at))),
        text,
        reply));
  }

  function add(comment) {
    if (shown.has(comment.id)) return;
    const li = item(comment);
    const parent = comment.parent_id == null ? null : shown.get(comment.parent_id);
    if (parent) {
      let replies = parent.querySelector(':scope > ol.replies');
      if (!replies) replies = parent.appendChild(h('ol', { class: 'replies' }));
      replies.append(li);
    } else {
      list.append(li); // a top-level comment, or a reply whose parent is no longer public
    }
    shown.set(comment.id, li);
  }

  async function load({ restart = false } = {}) {
    if (restart) {
      cursor = null;
      shown.clear();
      list.replaceChildren();
    }
    more.disabled = true;
    try {
      // Comments change while one reads: revalidate rather than trust a cached copy.
      const page = await getJson(apiPath(['articles', slug, 'comments'], { limit: PAGE_SIZE, cursor }), { cache: 'no-cache' });
      (page.data || []).forEach(add);
      showCount();
      cursor = page.next_cursor || null;
      more.hidden = cursor === null;
      say(listStatus, shown.size ? '' : 'No comments yet. Be the first to comment.');
    } catch (error) {
      say(listStatus, `The comments could not be loaded: ${error.message}`, 'error');
    } finally {
      more.disabled = false;
    }
  }

  function startReply(id, author) {
    replyTo = id;
    $('replying-text').textContent = `Replying to ${author}.`;
    $('replying').hidden = false;
    $('comment-body').focus();
  }

  function cancelReply() {
    replyTo = null;
    $('replying').hidden = true;
  }

  function clearErrors() {
    say(formMessage, '');
    for (const id of Object.values(FIELDS)) {
      const input = $(id);
      input.removeAttribute('aria-invalid');
      if (input.dataset.describedby) input.setAttribute('aria-describedby', input.dataset.describedby);
      else input.removeAttribute('aria-describedby');
      say($(`${id}-error`), '');
    }
  }

  function showProblem(error) {
    let message;
    if (error.status === 0) message = 'Your comment could not be sent: the server could not be reached. Please try again.';
    else if (error.status === 404) message = 'Comments are closed: this article is not published.';
    else message = sentence(error.detail || error.title) || 'Your comment could not be posted.';
    if (error.status === 429 && error.retryAfter !== null) {
      message += ` Please try again in ${error.retryAfter} ${error.retryAfter === 1 ? 'second' : 'seconds'}.`;
    }
    const others = [];
    let first = null;
    for (const { field, message: problem } of error.errors || []) {
      const id = FIELDS[field];
      if (!id) {
        others.push(sentence(`${field}: ${problem}`));
        continue;
      }
      const input = $(id);
      say($(`${id}-error`), problem, 'error');
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', [input.dataset.describedby, `${id}-error`].filter(Boolean).join(' '));
      first ??= input;
    }
    say(formMessage, [message, ...others].join(' '), 'error');
    first?.focus();
  }

  async function post(event) {
    event.preventDefault();
    clearErrors();
    const data = new FormData(form);
    const comment = {
      author_name: String(data.get('author_name') || '').trim(),
      author_email: String(data.get('author_email') || '').trim(),
      body: String(data.get('body') || '').trim(),
    };
    if (replyTo !== null) comment.parent_id = replyTo;
    const website = String(data.get('website') || '');
    if (website) comment.website = website; // the honeypot: only bots fill it in
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    say(formStatus, 'Posting your comment…');
    try {
      const result = await postJson(apiPath(['articles', slug, 'comments']), comment);
      form.reset();
      cancelReply();
      if (result && result.status === 'approved') {
        say(formStatus, 'Thanks! Your comment is published.', 'success');
        if (count !== null) count += 1;
        showCount();
        await load({ restart: true });
      } else {
        say(formStatus, 'Thanks! Your comment is awaiting moderation.', 'success');
      }
    } catch (error) {
      say(formStatus, '');
      showProblem(error);
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  }

  for (const id of Object.values(FIELDS)) $(id).dataset.describedby = $(id).getAttribute('aria-describedby') || '';
  showCount();
  more.addEventListener('click', () => load());
  $('cancel-reply').addEventListener('click', cancelReply);
  form.addEventListener('submit', post);
  $('reader-comments').hidden = false;
  return load();
}
