// Unit checks of the reader site's media URL → embed decision (examples/reader/js/embed.js).
// Run: node tests/browser/embed.test.mjs
import assert from 'node:assert/strict';
import { embedFor, startSeconds, webUrl } from '../../examples/reader/js/embed.js';

const ID = 'dQw4w9WgXcQ';
const youtube = (src = `https://www.youtube-nocookie.com/embed/${ID}`) => ({ type: 'youtube', id: ID, src });
let checks = 0;
function check(input, expected) {
  assert.deepEqual(embedFor(input), expected, `embedFor(${JSON.stringify(input)})`);
  checks += 1;
}

// Every YouTube shape becomes the privacy-enhanced player.
check(`https://www.youtube.com/watch?v=${ID}`, youtube());
check(`https://youtube.com/watch?v=${ID}&list=PL123&index=2`, youtube());
check(`http://m.youtube.com/watch?feature=share&v=${ID}`, youtube());
check(`https://youtu.be/${ID}`, youtube());
check(`https://youtu.be/${ID}?si=abc`, youtube());
check(`https://www.youtube.com/shorts/${ID}`, youtube());
check(`https://www.youtube.com/embed/${ID}`, youtube());
check(`https://www.youtube-nocookie.com/embed/${ID}`, youtube());
check(`  https://WWW.YOUTUBE.COM/watch?v=${ID}  `, youtube());
// A start time carries over.
check(`https://youtu.be/${ID}?t=90`, youtube(`https://www.youtube-nocookie.com/embed/${ID}?start=90`));
check(`https://www.youtube.com/watch?v=${ID}&t=1m30s`, youtube(`https://www.youtube-nocookie.com/embed/${ID}?start=90`));

// Vimeo.
check('https://vimeo.com/76979871', { type: 'vimeo', id: '76979871', src: 'https://player.vimeo.com/video/76979871' });
check('https://player.vimeo.com/video/76979871', { type: 'vimeo', id: '76979871', src: 'https://player.vimeo.com/video/76979871' });
check('https://vimeo.com/channels/staffpicks/76979871', { type: 'vimeo', id: '76979871', src: 'https://player.vimeo.com/video/76979871' });
check('https://vimeo.com/76979871/abc123def0', { type: 'vimeo', id: '76979871', src: 'https://player.vimeo.com/video/76979871?h=abc123def0' });

// Lookalikes and malformed ids are plain links, never iframes of someone else's page.
check('https://www.youtube.com/watch?v=short', { type: 'link', href: 'https://www.youtube.com/watch?v=short' });
check('https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>', { type: 'link', href: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ%22%3E%3Cscript%3E' });
check(`https://youtube.com.evil.example/watch?v=${ID}`, { type: 'link', href: `https://youtube.com.evil.example/watch?v=${ID}` });
check(`https://notyoutu.be/${ID}`, { type: 'link', href: `https://notyoutu.be/${ID}` });
check('https://www.youtube.com/@somechannel', { type: 'link', href: 'https://www.youtube.com/@somechannel' });
check('https://vimeo.com/about', { type: 'link', href: 'https://vimeo.com/about' });
check('https://vimeo.com.evil.example/76979871', { type: 'link', href: 'https://vimeo.com.evil.example/76979871' });
check('https://example.com/trailer.mp4', { type: 'link', href: 'https://example.com/trailer.mp4' });

// Nothing usable: no embed and no link.
for (const bad of [null, undefined, '', '   ', 'not a url', '/relative/path', 'javascript:alert(1)', 'data:text/html,x', 'ftp://example.com/x']) {
  check(bad, null);
}

assert.equal(startSeconds('90'), 90);
assert.equal(startSeconds('1h2m3s'), 3723);
assert.equal(startSeconds('0'), null);
assert.equal(startSeconds('soon'), null);
assert.equal(webUrl('https://example.com/a b'), 'https://example.com/a%20b');
assert.equal(webUrl('javascript:alert(1)'), null);
checks += 6;

console.log(`embed: ${checks} checks passed`);
