import type { Db } from '../kit/db';

/**
 * MySQL's LIKE under utf8_general_ci, the collation Magento 2.4 creates its tables with
 * (`utf8mb3_general_ci` on MySQL 8.0.29+ and MariaDB 10.6+). SQLite's own LIKE folds only ASCII
 * case, so searchCriteria `like` filters run through this function instead.
 *
 * general_ci compares character by character, each by one weight: a letter's upper and lower case
 * weigh the same, and so do a Latin letter with and without its accents (Á, á, à, ạ, â, ấ, ă, ặ all
 * weigh A; ơ and ư weigh O and U; ß weighs S). A letter whose stroke or ligature is not an accent
 * keeps a weight of its own, shared only with its other case: Đ = đ but Đ ≠ D (so too Ø, Ł, Æ).
 * Here a weight is the upper case of the character's canonical decomposition without its marks,
 * which is MySQL's table for Latin and Vietnamese text; it departs from it only for letters Unicode
 * gave a case partner after MySQL drew its table (ƀ, ƚ, most IPA letters). 4-byte characters all
 * weigh U+FFFD, as in utf8mb4_general_ci.
 *
 * MySQL's LIKE: `%` is any run of characters, `_` exactly one, and the escape character `\` makes
 * the next character literal (`\%`, `\_`, `\\`); a `\` at the very end stands for itself.
 */

const weights = new Map<string, string>();

function weightOf(character: string): string {
  let weight = weights.get(character);
  if (weight !== undefined) return weight;
  if (character.codePointAt(0)! > 0xffff) weight = '\ufffd';
  else if (character === 'ß') weight = 'S';
  else {
    const [base, ...marks] = character.normalize('NFD');
    const letter = marks.every((mark) => /\p{M}/u.test(mark)) ? base : character;
    const upper = letter.toUpperCase();
    weight = [...upper].length === 1 ? upper : letter;
  }
  weights.set(character, weight);
  return weight;
}

/** The text with every character replaced by its weight (one code point each, so `_` still counts characters). */
export function generalCiWeights(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text.toUpperCase();
  let weighed = '';
  for (const character of text) weighed += weightOf(character);
  return weighed;
}

/** Escapes the characters a `u` regular expression gives a meaning (no others: it refuses needless escapes). */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const patterns = new Map<string, RegExp>();
const MAX_CACHED_PATTERNS = 1000;

function compile(pattern: string): RegExp {
  let regExp = patterns.get(pattern);
  if (regExp) return regExp;
  const characters = [...pattern];
  let source = '';
  for (let i = 0; i < characters.length; i += 1) {
    const character = characters[i];
    if (character === '%') source += '.*';
    else if (character === '_') source += '.';
    else if (character === '\\' && i + 1 < characters.length) source += escapeRegExp(weightOf(characters[(i += 1)]));
    else source += escapeRegExp(weightOf(character));
  }
  regExp = new RegExp(`^${source}$`, 'su');
  if (patterns.size >= MAX_CACHED_PATTERNS) patterns.clear();
  patterns.set(pattern, regExp);
  return regExp;
}

/** Weighed column values: a search reads every row's value once per filter, and the next search the same values again. */
const weighedValues = new Map<string, string>();
const MAX_WEIGHED_VALUES = 50_000;

function weighedValue(value: string): string {
  let weighed = weighedValues.get(value);
  if (weighed !== undefined) return weighed;
  weighed = generalCiWeights(value);
  if (weighedValues.size >= MAX_WEIGHED_VALUES) weighedValues.clear();
  weighedValues.set(value, weighed);
  return weighed;
}

/** `value LIKE pattern` as MySQL answers it under utf8_general_ci: true, false, or null (SQL NULL) when either is null. */
export function generalCiLike(value: unknown, pattern: unknown): boolean | null {
  if (value === null || value === undefined || pattern === null || pattern === undefined) return null;
  return compile(String(pattern)).test(weighedValue(String(value)));
}

const registered = new WeakSet<Db>();

/** Makes `general_ci_like(value, pattern)` callable in the database's SQL (1, 0 or NULL). */
export function registerGeneralCiLike(db: Db): void {
  if (registered.has(db)) return;
  db.function('general_ci_like', { deterministic: true }, (value: unknown, pattern: unknown) => {
    const matches = generalCiLike(value, pattern);
    return matches === null ? null : matches ? 1 : 0;
  });
  registered.add(db);
}
