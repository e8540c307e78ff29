/**
 * What a shopper types into `productVariants(search:)`, as Magento `like` filters on name and SKU.
 *
 * The web shop compares with MySQL's utf8_general_ci: case-insensitive, and blind to the accents
 * on Latin letters (`ao` finds `Áo`, `quan` finds `Quần`), which is how shoppers in Vietnam type
 * when the Vietnamese keyboard is off. Two gaps are closed here, at the edge:
 * - Accents typed as separate combining marks (a decomposed `Áo`, as some keyboards send it) are
 *   characters of their own to MySQL, so a Latin letter's marks are dropped before sending.
 * - general_ci keeps Đ apart from D (Đ/đ match each other, not d), yet `den` means `Đen`: every
 *   d or đ in the search is sent as both, one `like` filter per combination (ORed in one group),
 *   for the first MAX_D_LETTERS of them and as `_` (any one character) after that.
 * MySQL's LIKE takes `%` and `_` as wildcards and `\` as its escape: a search matches them literally.
 */

/** 2^3 = 8 name filters at most, plus the SKU's. */
const MAX_D_LETTERS = 3;

/** `text` as a literal inside a MySQL LIKE pattern. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The search with the accents off its Latin letters (Đ stays: it is a letter of its own). */
export function withoutAccents(search: string): string {
  return search
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC');
}

const isD = (character: string) => /^[dđ]$/iu.test(character);

/** `like` patterns for names containing the search, whichever of d and đ each of its d's is. */
export function nameLikePatterns(search: string): string[] {
  let patterns = [''];
  let dLetters = 0;
  for (const character of withoutAccents(search)) {
    if (!isD(character)) patterns = patterns.map((pattern) => pattern + likeLiteral(character));
    else if (dLetters++ < MAX_D_LETTERS) patterns = patterns.flatMap((pattern) => [`${pattern}d`, `${pattern}đ`]);
    else patterns = patterns.map((pattern) => `${pattern}_`);
  }
  return patterns.map((pattern) => `%${pattern}%`);
}

/** The `like` pattern for SKUs (plain ASCII) containing the search. */
export function skuLikePattern(search: string): string {
  return `%${likeLiteral(withoutAccents(search).replace(/đ/giu, 'd'))}%`;
}
