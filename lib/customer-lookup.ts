import { serviceCaller } from './context';
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
  loyaltyCards: string[];
  name: string;
}

const CUSTOMER = `query($id: ID!) { customer(id: $id) { displayName emails phones crmPartnerIds webCustomerIds loyaltyCardCodes } }`;

interface Answer {
  customer: {
    displayName: string;
    emails: string[];
    phones: string[];
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
      loyaltyCards: customer.loyaltyCardCodes,
      name: customer.displayName,
    };
  }
}
