import type { Persona, SignInPerson } from '../../identity-provider/directory';
import type { Store, World } from '../../legacy/seed/model';
import { personasOf } from '../../legacy/seed/personas';
import { encodeId } from '../../lib/ids';
import { bearer, SignInPlace, tokenAs } from './tokens';

/**
 * Who the commerce journeys act as, as a real deployment would sign them in: each customer in their
 * own app (a persona linked to their real Omnigraph customer), store work by the staff of the store
 * it happens at, the call center and the sweep as the seeded personas do it.
 */

/** A customer who signs in to the app as themselves. */
export interface Shopper {
  login: string;
  name: string;
  /** Their Omnigraph customer: minted from their one CRM record, as the identity subgraph mints it. */
  customerId: string;
  /** Their web shop account, and the email it was opened with (as the customer typed it). */
  webCustomerId: number;
  email: string;
}

/**
 * The world's web customers whose Omnigraph customer id is minted from one CRM record with an email
 * (the customers `personasOf` signs in too), in the web shop's order: each a persona of its own.
 */
export function shoppersOf(world: World): Shopper[] {
  const partners = new Map(world.crm.partners.map((partner) => [partner.id, partner]));
  const people = new Map(world.persons.map((person) => [person.personId, person]));
  return world.ecommerce.customers.flatMap((web) => {
    const truth = world.truth.persons.find((person) => person.webCustomerIds.includes(web.id));
    if (!web.email || !truth || truth.crmPartnerIds.length !== 1 || !partners.get(truth.crmPartnerIds[0])?.email) return [];
    return [
      {
        login: `customer-web-${web.id}`,
        name: people.get(truth.personId)?.fullName ?? truth.personId,
        customerId: encodeId('Customer', `CRM:${truth.crmPartnerIds[0]}`),
        webCustomerId: web.id,
        email: web.email,
      },
    ];
  });
}

/** The shopper whose web account this is; throws for one `shoppersOf` leaves out. */
export function shopperOfWebCustomer(world: World, webCustomerId: number): Shopper {
  const shopper = shoppersOf(world).find((candidate) => candidate.webCustomerId === webCustomerId);
  if (!shopper) throw new Error(`web customer ${webCustomerId} has no single CRM record with an email`);
  return shopper;
}

export const associateAt = (plant: string) => `associate-${plant.toLowerCase()}`;
export const managerAt = (plant: string) => `manager-${plant.toLowerCase()}`;

function staffAt(store: Store, role: 'store-associate' | 'store-manager'): SignInPerson {
  return {
    kind: 'person',
    login: role === 'store-manager' ? managerAt(store.plant) : associateAt(store.plant),
    name: `${role === 'store-manager' ? 'Store manager' : 'Store associate'}, ${store.name} (${store.plant})`,
    roles: [role],
    customerId: null,
    stores: [store.plant],
  };
}

/** The seeded personas, an associate and a manager of every store, and the shoppers. */
export function journeyPersonas(world: World, shoppers: Shopper[]): Persona[] {
  const personas = [
    ...personasOf(world),
    ...world.stores.flatMap((store) => [staffAt(store, 'store-associate'), staffAt(store, 'store-manager')]),
    ...shoppers.map((shopper): SignInPerson => ({
      kind: 'person',
      login: shopper.login,
      name: shopper.name,
      roles: ['customer'],
      customerId: shopper.customerId,
      stores: [],
    })),
  ];
  return [...new Map(personas.map((persona) => [persona.login, persona])).values()];
}

/**
 * The headers a request sends as a persona (null: anonymously, as a guest), each persona signed in
 * once per system; `place` names the running system, whose provider the tokens are from.
 */
export function signerFor(place: () => SignInPlace): (login: string | null) => Promise<Record<string, string>> {
  const tokens = new Map<string, Promise<string>>();
  let signedInAt: SignInPlace | undefined;
  return async (login) => {
    if (login === null) return {};
    if (signedInAt !== place()) {
      signedInAt = place();
      tokens.clear();
    }
    if (!tokens.has(login)) tokens.set(login, tokenAs(place(), login));
    return bearer(await tokens.get(login)!);
  };
}

/** The delivery and contact details a shopper gives at checkout (one Vietnamese address for every journey). */
export const SHOPPER_ADDRESS = {
  firstName: 'Lan',
  lastName: 'Trần',
  street: ['12 Lê Lợi'],
  city: 'Hồ Chí Minh',
  phone: '0901234567',
  email: 'lan.tran@example.vn',
};
