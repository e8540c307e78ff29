import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePersonas, Persona, SignInPerson } from '../../identity-provider/directory';
import { encodeId } from '../../lib/ids';
import type { GroundTruth, Store, World } from './model';
import { generateWorld } from './world';

/**
 * The people and apps of a seeded world who sign in at the embedded identity provider: seed code,
 * because only the seed knows which customers a world holds. The provider takes them as input.
 */

export const PERSONAS_FILE = 'personas.json';

/** Fixed secrets are fine for the embedded development provider; a real provider issues its own. */
const APPS: Persona[] = [
  {
    kind: 'app',
    login: 'partner-marketplace',
    name: 'Marketplace partner app',
    roles: ['partner'],
    secret: 'partner-marketplace-dev-secret',
  },
  { kind: 'app', login: 'omnigraph-jobs', name: "Omnigraph's jobs and sweeps", roles: ['service'], secret: 'omnigraph-jobs-dev-secret' },
];

/**
 * Customers the journeys work for: one CRM record with an email (so the identity subgraph's
 * customer id is minted from it), web orders on their web account, and a loyalty card where there
 * is one, in CRM id order. Nothing here depends on the moment the world was seeded, so a seed's
 * customer-1 is the same person whenever it is seeded.
 */
function customersOf(world: World): SignInPerson[] {
  const partners = new Map(world.crm.partners.map((partner) => [partner.id, partner]));
  const people = new Map(world.persons.map((person) => [person.personId, person]));
  const shoppers = new Set(world.ecommerce.orders.flatMap((order) => (order.customerId === null ? [] : [order.customerId])));
  const candidates = world.truth.persons
    .filter((truth) => truth.crmPartnerIds.length === 1 && partners.get(truth.crmPartnerIds[0])?.email)
    .filter((truth) => truth.webCustomerIds.some((id) => shoppers.has(id)))
    .sort(
      (a, b) => Number(b.loyaltyCardCodes.length > 0) - Number(a.loyaltyCardCodes.length > 0) || a.crmPartnerIds[0] - b.crmPartnerIds[0],
    );
  if (candidates.length < 2) throw new Error('the world has fewer than two customers with a CRM record, an email and web orders');
  return candidates.slice(0, 2).map((truth, index) => ({
    kind: 'person',
    login: `customer-${index + 1}`,
    name: people.get(truth.personId)?.fullName ?? truth.personId,
    roles: ['customer'],
    customerId: encodeId('Customer', `CRM:${truth.crmPartnerIds[0]}`),
    stores: [],
  }));
}

function staffAt(store: Store, role: 'store-associate' | 'store-manager'): SignInPerson {
  const title = role === 'store-manager' ? 'Store manager' : 'Store associate';
  return {
    kind: 'person',
    login: `${role === 'store-manager' ? 'manager' : 'associate'}-${store.plant.toLowerCase()}`,
    name: `${title}, ${store.name} (${store.plant})`,
    roles: [role],
    customerId: null,
    stores: [store.plant],
  };
}

/** Two customers, associates at the first two stores, the first store's manager, an agent, a steward, a developer, and the apps. */
export function personasOf(world: World): Persona[] {
  const [first, second] = world.stores;
  if (!second) throw new Error('the world needs two stores for its store personas');
  const staff = (login: string, name: string, role: 'call-center-agent' | 'back-office' | 'developer'): SignInPerson => ({
    kind: 'person',
    login,
    name,
    roles: [role],
    customerId: null,
    stores: [],
  });
  return [
    ...customersOf(world),
    staffAt(first, 'store-associate'),
    staffAt(second, 'store-associate'),
    staffAt(first, 'store-manager'),
    staff('agent', 'Call-center agent', 'call-center-agent'),
    staff('steward', 'Back-office data steward', 'back-office'),
    staff('developer', 'Developer building an app on the graph', 'developer'),
    ...APPS,
  ];
}

/**
 * The personas of the world seeded into `dir`: its personas file, or for data seeded before the
 * seed wrote one, derived again from the world its ground truth names (and kept for next time).
 */
export function seededPersonas(dir: string): Persona[] {
  const file = join(dir, PERSONAS_FILE);
  if (existsSync(file)) return parsePersonas(readFileSync(file, 'utf8'));
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as GroundTruth;
  const personas = personasOf(generateWorld({ seed: truth.seed, size: truth.size, now: new Date(truth.now) }));
  writeFileSync(file, `${JSON.stringify(personas, null, 1)}\n`);
  return personas;
}
