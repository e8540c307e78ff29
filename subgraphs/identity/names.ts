import { jaroWinkler } from '@skyra/jaro-winkler';

/**
 * How two people's names compare, the way Vietnamese names vary between one person's records:
 * diacritics typed or not, family name first (Vietnamese order) or last (forms built for Western
 * names), the middle name dropped, a nickname in place of the given name, a typo.
 */
export type NameAgreement =
  /** The same words, with the same diacritics. */
  | 'EXACT'
  /** The same words once diacritics are dropped, in any order ("Nguyen Thi Chi", "Chi Nguyễn Thị"). */
  | 'SAME_WORDS'
  /** Family and given names agree; the middle name is dropped or differs. */
  | 'FAMILY_AND_GIVEN'
  /** Family names agree and the given names differ by a typo. */
  | 'TYPO'
  /** One side gives a nickname or a given name alone: it neither confirms nor contradicts. */
  | 'NICKNAME'
  /** Different people's names. */
  | 'DIFFERENT'
  /** One side has no name. */
  | 'MISSING';

/**
 * Common Vietnamese nicknames (tên ở nhà), without diacritics: a record under one of these says
 * little about who it is, so it is no evidence against a match either.
 */
const NICKNAMES = new Set([
  'be',
  'ti',
  'teo',
  'bin',
  'bong',
  'su',
  'mit',
  'na',
  'bo',
  'cun',
  'oc',
  'heo',
  'bi',
  'bap',
  'nhim',
  'xu',
  'ken',
  'tom',
  'meo',
  'thoc',
  'bun',
  'sua',
  'ga',
  'nu',
  'ty',
  'chip',
  'bean',
  'mon',
  'ben',
  'bau',
  'bom',
  'tun',
  'ut',
]);

/** Given names that differ by a typo: Jaro-Winkler at least this close ("Trag"/"Trang" 0.96; "Trang"/"Trung" 0.89). */
const GIVEN_TYPO_SIMILARITY = 0.92;

/** Lower case, without diacritics (đ included, which Unicode does not decompose). */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFC')
    .split(/[^\p{L}]+/u)
    .filter((word) => word !== '');
}

/** The (family, middle, given) readings of a name: Vietnamese order first, then Western; one word is a given name alone. */
function readings(folded: string[]): { family: string | null; middle: string; given: string }[] {
  if (folded.length === 1) return [{ family: null, middle: '', given: folded[0] }];
  const middle = folded.slice(1, -1).sort().join(' ');
  return [
    { family: folded[0], middle, given: folded[folded.length - 1] },
    { family: folded[folded.length - 1], middle, given: folded[0] },
  ];
}

/** A name split and folded once, since a record is compared with many others. */
export interface ParsedName {
  /** Lower case, with diacritics. */
  exact: string;
  /** Without diacritics, words sorted. */
  sortedFolded: string;
  readings: { family: string | null; middle: string; given: string }[];
}

export function parseName(name: string): ParsedName {
  const exact = words(name);
  const folded = exact.map(foldDiacritics);
  return { exact: exact.join(' '), sortedFolded: [...folded].sort().join(' '), readings: folded.length === 0 ? [] : readings(folded) };
}

export function compareNames(a: string | ParsedName, b: string | ParsedName): NameAgreement {
  const x = typeof a === 'string' ? parseName(a) : a;
  const y = typeof b === 'string' ? parseName(b) : b;
  if (x.exact === '' || y.exact === '') return 'MISSING';
  if (x.exact === y.exact) return 'EXACT';
  if (x.sortedFolded === y.sortedFolded) return 'SAME_WORDS';
  return compareReadings(x, y);
}

function compareReadings(a: ParsedName, b: ParsedName): NameAgreement {
  let nickname = false;
  let typo = false;
  for (const x of a.readings) {
    for (const y of b.readings) {
      const familiesAgree = x.family !== null && x.family === y.family;
      if (familiesAgree && x.given === y.given) return 'FAMILY_AND_GIVEN';
      // A typo changes one word: the middle names must agree too ("Lê Ngọc Phương" is not "Lê Hữu Phong").
      const middlesAgree = x.middle === y.middle || x.middle === '' || y.middle === '';
      if (familiesAgree && middlesAgree && jaroWinkler(x.given, y.given) >= GIVEN_TYPO_SIMILARITY) typo = true;
      const familiesDoNotContradict = x.family === null || y.family === null || x.family === y.family;
      if (familiesDoNotContradict && (NICKNAMES.has(x.given) || NICKNAMES.has(y.given) || x.family === null || y.family === null))
        nickname = true;
    }
  }
  if (typo) return 'TYPO';
  return nickname ? 'NICKNAME' : 'DIFFERENT';
}

/**
 * The key records are blocked on by name: family and given names (first and last word, in either
 * order), without diacritics, so one person's variants meet and the middle name does not matter.
 */
export function nameKey(name: string): string | null {
  const folded = words(name).map(foldDiacritics);
  if (folded.length < 2) return null;
  return [folded[0], folded[folded.length - 1]].sort().join(' ');
}
