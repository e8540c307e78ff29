import { distance } from 'fastest-levenshtein';
import { normalizeEmail, normalizePhone } from '../../lib/identifiers';
import { compareNames, foldDiacritics, parseName, type NameAgreement, type ParsedName } from './names';

/**
 * The record-linkage model (Fellegi–Sunter): each field of two records compares at a level, and
 * each level weighs log2(m/u) bits, where m is how often one person's two records compare at that
 * level and u how often two different people's do. Agreement adds bits, disagreement takes them
 * away; the sum is the evidence that the two records are one person. m and u are estimated from
 * how the retailer's systems are typed (../shared/reference/legacy-systems.md, the seed's rates);
 * the identity README explains each figure and the thresholds.
 */

export type MatchField = 'NAME' | 'EMAIL' | 'PHONE' | 'ADDRESS' | 'LOYALTY_CARD';
export type IdentifierAgreement = 'EXACT' | 'CLOSE' | 'DIFFERENT' | 'MISSING';
export type Agreement = NameAgreement | IdentifierAgreement;

/** [m, u] per field and level; MISSING weighs nothing. */
const M_U: Record<MatchField, Partial<Record<Agreement, [number, number]>>> = {
  NAME: {
    EXACT: [0.8, 0.002],
    SAME_WORDS: [0.1, 0.002],
    FAMILY_AND_GIVEN: [0.04, 0.004],
    TYPO: [0.02, 0.004],
    NICKNAME: [0.02, 0.02],
    DIFFERENT: [0.02, 0.968],
  },
  EMAIL: { EXACT: [0.8, 0.0001], CLOSE: [0.04, 0.002], DIFFERENT: [0.16, 0.9979] },
  PHONE: { EXACT: [0.85, 0.0001], CLOSE: [0.03, 0.001], DIFFERENT: [0.12, 0.9989] },
  ADDRESS: { EXACT: [0.7, 0.002], DIFFERENT: [0.28, 0.998] },
  LOYALTY_CARD: { EXACT: [0.99, 0.000001] },
};

/** Bits for a level: positive for, negative against, 0 when a side is missing. */
export function weightOf(field: MatchField, agreement: Agreement): number {
  const mu = M_U[field][agreement];
  return mu ? Math.log2(mu[0] / mu[1]) : 0;
}

/**
 * Linked when one identifier that belongs to one person agrees (a loyalty card, an email) and
 * the evidence adds up to 8 bits (256 : 1 for), the names not contradicting.
 */
export const STRONG_LINK_BITS = 8;
/**
 * Linked on weak evidence alone (a phone, an address: households and stores share them) only at
 * 11 bits (2,048 : 1 for), the names agreeing at least on family and given name, and nothing
 * contradicting: no different email, no different address. A different phone weighs against but
 * does not contradict: people change numbers. So the same name at the same address links with a
 * new phone (8.6 + 8.5 - 3.1 = 14.0), the name typed without diacritics too (11.0); the middle name
 * dropped at the same address links (11.8), but not with a different phone as well (8.7).
 */
export const WEAK_LINK_BITS = 11;
/** Not linked but worth a data steward's look from 4 bits (16 : 1 for), unless the names differ. */
export const REVIEW_BITS = 4;

/** One field's comparison and what it weighs. */
export interface Evidence {
  field: MatchField;
  agreement: Agreement;
  weight: number;
}

/** A customer record's fields as the model compares them, normalised once. */
export interface Comparable {
  name: ParsedName;
  emails: readonly string[];
  /** E.164. */
  phones: readonly string[];
  /** Street and city folded (no diacritics, lower case, single spaces). */
  addresses: readonly string[];
  loyaltyCards: readonly string[];
}

export function comparable(record: {
  name: string;
  emails: readonly (string | null)[];
  phones: readonly (string | null)[];
  addresses: readonly { street: string | null; city: string | null }[];
  loyaltyCards: readonly string[];
}): Comparable {
  return {
    name: parseName(record.name),
    emails: unique(record.emails.map(normalizeEmail)),
    phones: unique(record.phones.map(normalizePhone)),
    addresses: unique(record.addresses.map(foldAddress)),
    loyaltyCards: unique(record.loyaltyCards.map((card) => card.trim())),
  };
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null && value !== ''))];
}

function foldAddress(address: { street: string | null; city: string | null }): string | null {
  if (!address.street?.trim() || !address.city?.trim()) return null;
  return foldDiacritics(`${address.street}|${address.city}`).replace(/\s+/g, ' ').trim();
}

/** One edit apart: a letter or digit dropped, doubled, mistyped, or two neighbours swapped. */
function oneEditApart(a: string, b: string): boolean {
  if (distance(a, b) <= 1) return true;
  if (a.length !== b.length) return false;
  const differ = [...a].flatMap((char, i) => (char === b[i] ? [] : [i]));
  return differ.length === 2 && differ[1] === differ[0] + 1 && a[differ[0]] === b[differ[1]] && a[differ[1]] === b[differ[0]];
}

function compareSets(a: readonly string[], b: readonly string[], close: (x: string, y: string) => boolean): IdentifierAgreement {
  if (a.length === 0 || b.length === 0) return 'MISSING';
  if (a.some((x) => b.includes(x))) return 'EXACT';
  if (a.some((x) => b.some((y) => close(x, y)))) return 'CLOSE';
  return 'DIFFERENT';
}

const never = () => false;

/** Every field compared, with its weight. */
export function compare(a: Comparable, b: Comparable): Evidence[] {
  const levels: [MatchField, Agreement][] = [
    ['NAME', compareNames(a.name, b.name)],
    ['EMAIL', compareSets(a.emails, b.emails, oneEditApart)],
    ['PHONE', compareSets(a.phones, b.phones, oneEditApart)],
    ['ADDRESS', compareSets(a.addresses, b.addresses, never)],
    ['LOYALTY_CARD', a.loyaltyCards.some((card) => b.loyaltyCards.includes(card)) ? 'EXACT' : 'MISSING'],
  ];
  return levels.map(([field, agreement]) => ({ field, agreement, weight: weightOf(field, agreement) }));
}

export type Verdict = 'LINK' | 'REVIEW' | 'APART';

/** What the evidence decides, by the rules above. */
export function verdictOf(evidence: readonly Evidence[]): { verdict: Verdict; weight: number } {
  const weight = evidence.reduce((sum, item) => sum + item.weight, 0);
  const level = (field: MatchField) => evidence.find((item) => item.field === field)?.agreement ?? 'MISSING';
  const name = level('NAME');
  if (name === 'DIFFERENT') return { verdict: 'APART', weight };
  const strong = level('LOYALTY_CARD') === 'EXACT' || level('EMAIL') === 'EXACT';
  const contradicted = level('EMAIL') === 'DIFFERENT' || level('ADDRESS') === 'DIFFERENT';
  const namesAgree = name === 'EXACT' || name === 'SAME_WORDS' || name === 'FAMILY_AND_GIVEN';
  const link = strong ? weight >= STRONG_LINK_BITS : weight >= WEAK_LINK_BITS && namesAgree && !contradicted;
  if (link) return { verdict: 'LINK', weight };
  return { verdict: weight >= REVIEW_BITS ? 'REVIEW' : 'APART', weight };
}

/** Two records whose names say they are different people: never one customer, whatever they share. */
export const cannotBeOne = (a: Comparable, b: Comparable) => compareNames(a.name, b.name) === 'DIFFERENT';
