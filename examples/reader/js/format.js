// Formatting of dates, reading times and labels for display, in the reader's own locale.

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function parse(iso) {
  const date = iso ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** "1 December 2026" (or the reader's local equivalent); '' for a missing date. */
export function formatDate(iso) {
  const date = parse(iso);
  return date ? dateFormat.format(date) : '';
}

/** "1 Dec 2026, 22:16" in the reader's locale and time zone. */
export function formatDateTime(iso) {
  const date = parse(iso);
  return date ? dateTimeFormat.format(date) : '';
}

export function readingTime(minutes) {
  return Number.isFinite(minutes) && minutes > 0 ? `${minutes} min read` : '';
}

/** "The Keeper's Daughter (2019)". */
export function movieLabel(movie) {
  if (!movie || !movie.title) return '';
  return movie.release_year ? `${movie.title} (${movie.release_year})` : movie.title;
}

/** "explainer" → "Explainer". */
export function kindLabel(kind) {
  return kind ? kind.charAt(0).toUpperCase() + kind.slice(1) : '';
}

/** ["A"] → "A", ["A", "B"] → "A and B", ["A", "B", "C"] → "A, B and C" (in the reader's locale). */
export function joinNames(names) {
  const list = names.filter(Boolean);
  if (typeof Intl.ListFormat === 'function') {
    return new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' }).format(list);
  }
  return list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}
