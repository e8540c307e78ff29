import { invalidType, requiredField } from './errors';
import { field, optionalString, requiredString } from './input';

/** An address as Magento's AddressInterface carries it; street is an array of lines. */
export interface AddressInput {
  firstname: string;
  lastname: string;
  street: string[];
  city: string;
  country_id: string;
  telephone: string;
  email?: string;
}

function streetLines(source: unknown): string[] {
  const street = field(source, 'street');
  if (street === undefined || street === null) throw requiredField('street');
  const lines = typeof street === 'string' ? [street] : street;
  if (!Array.isArray(lines) || lines.some((line) => typeof line !== 'string'))
    throw invalidType('street', JSON.stringify(street), 'string[]');
  if (lines.every((line: string) => line.trim() === '')) throw requiredField('street');
  return lines;
}

export function readAddress(source: unknown): AddressInput {
  const email = optionalString(source, 'email');
  return {
    firstname: requiredString(source, 'firstname'),
    lastname: requiredString(source, 'lastname'),
    street: streetLines(source),
    city: requiredString(source, 'city'),
    country_id: requiredString(source, 'country_id'),
    telephone: requiredString(source, 'telephone'),
    ...(email ? { email } : {}),
  };
}
