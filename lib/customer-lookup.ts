import { serviceCaller } from './context';
import { normalizedIdentifier, type IdentifierKind } from './identifiers';
import { gatewaySecret } from './signature';
import { SubgraphCall } from './subgraph-call';
import { subgraphUrlOf } from './subgraph-locations';

/** The records and identifiers behind a customer id, as the journeys and the row checks need them. */
export interface CustomerRecords {
  webCustomerIds: number[];
  crmPartnerIds: number[];
  /** Lower case. */
  emails: string[];
  /** E.164. */
  phones: string[];
  /** Those of `phones` another customer holds too: a store sale with one of them alone is not this customer's. */
  sharedPhones: string[];
  /** Store sales (POS transaction keys) someone confirmed as this customer's. */
  confirmedStoreSales: string[];
  loyaltyCards: string[];
  name: string;
}

/** How identity finds a customer by something a channel knows them by (its `CustomerIdentifierKind`). */
export interface CustomerIdentifier {
  kind: IdentifierKind;
  value: string;
}

/** Identity refuses longer identifiers (and empty ones): nobody is known by them, so they are not asked. */
const MAX_IDENTIFIER = 200;

const CUSTOMER = `query($id: ID!) { customer(id: $id) { displayName emails phones sharedPhones confirmedStoreSales crmPartnerIds webCustomerIds loyaltyCardCodes } }`;

interface Answer {
  customer: {
    displayName: string;
    emails: string[];
    phones: string[];
    sharedPhones: string[];
    confirmedStoreSales: string[];
    crmPartnerIds: number[];
    webCustomerIds: number[];
    loyaltyCardCodes: string[];
  } | null;
}

/**
 * Who a customer is, asked of the identity subgraph: the one owner of who is who. No other subgraph
 * keeps a directory of its own (commerce to name a customer's web account, ecommerce and pos to tell
 * whether an order is the signed-in customer's); a customer created since identity's last sync is
 * found there too, as identity reads changes when a lookup misses.
 */
export class CustomerLookup {
  constructor(private readonly identity: SubgraphCall) {}

  /** A subgraph's lookup, signed as the gateway signs, as that subgraph's own service (`service:<name>`). */
  static fromEnv(subgraph: string, env: NodeJS.ProcessEnv = process.env): CustomerLookup {
    const timeoutMs = env.SUBGRAPH_TIMEOUT_MS ? Number(env.SUBGRAPH_TIMEOUT_MS) : 8_000;
    const caller = serviceCaller(`service:${subgraph}`);
    return new CustomerLookup(new SubgraphCall('identity', subgraphUrlOf('identity', env), gatewaySecret(env), caller, timeoutMs));
  }

  /** Null when no customer has this id. */
  async records(customerId: string): Promise<CustomerRecords | null> {
    const { customer } = await this.identity.query<Answer>(CUSTOMER, { id: customerId });
    if (!customer) return null;
    const ascending = (ids: number[]) => [...ids].sort((a, b) => a - b);
    return {
      webCustomerIds: ascending(customer.webCustomerIds),
      crmPartnerIds: ascending(customer.crmPartnerIds),
      emails: customer.emails,
      phones: customer.phones,
      sharedPhones: customer.sharedPhones,
      confirmedStoreSales: customer.confirmedStoreSales,
      loyaltyCards: customer.loyaltyCardCodes,
      name: customer.displayName,
    };
  }

  /**
   * The ids of the customers who hold each identifier: none, one, or several for a shared one (a
   * family's email). One identity call for them all, each an alias of `customersByIdentifier` (a
   * miss makes identity read changes first, once for the whole call); an identifier identity would
   * refuse as malformed is nobody's and not asked. Fails, as IDENTITY_UNAVAILABLE, when identity
   * cannot answer.
   */
  async holdersOf(identifiers: readonly CustomerIdentifier[]): Promise<string[][]> {
    const variables: Record<string, CustomerIdentifier> = {};
    const declared: string[] = [];
    const asked: string[] = [];
    identifiers.forEach((identifier, i) => {
      if (!wellFormed(identifier)) return;
      variables[`k${i}`] = identifier;
      declared.push(`$k${i}: CustomerIdentifierInput!`);
      asked.push(`k${i}: customersByIdentifier(identifier: $k${i}) { id }`);
    });
    if (asked.length === 0) return identifiers.map(() => []);
    const answer = await this.identity.query<Record<string, { id: string }[]>>(
      `query(${declared.join(', ')}) { ${asked.join(' ')} }`,
      variables,
    );
    return identifiers.map((_identifier, i) => (answer[`k${i}`] ?? []).map((customer) => customer.id));
  }
}

function wellFormed({ kind, value }: CustomerIdentifier): boolean {
  return value.length <= MAX_IDENTIFIER && normalizedIdentifier(kind, value) !== null;
}
