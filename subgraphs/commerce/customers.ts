import type { SubgraphCall } from '../../lib/subgraph-call';

/** The records behind a customer id, as the journeys need them. */
export interface CustomerRecords {
  webCustomerIds: number[];
  crmPartnerIds: number[];
  emails: string[];
  loyaltyCards: string[];
  name: string;
}

const CUSTOMER = `query($id: ID!) { customer(id: $id) { displayName emails crmPartnerIds webCustomerIds loyaltyCardCodes } }`;

interface Answer {
  customer: { displayName: string; emails: string[]; crmPartnerIds: number[]; webCustomerIds: number[]; loyaltyCardCodes: string[] } | null;
}

/**
 * Who a customer is, asked of the identity subgraph: the one owner of who is who. Commerce keeps no
 * directory of its own; a customer created since identity's last sync is found there too, as
 * identity reads changes when a lookup misses.
 */
export class CustomerLookup {
  constructor(private readonly identity: SubgraphCall) {}

  /** Null when no customer has this id. */
  async records(customerId: string): Promise<CustomerRecords | null> {
    const { customer } = await this.identity.query<Answer>(CUSTOMER, { id: customerId });
    if (!customer) return null;
    const ascending = (ids: number[]) => [...ids].sort((a, b) => a - b);
    return {
      webCustomerIds: ascending(customer.webCustomerIds),
      crmPartnerIds: ascending(customer.crmPartnerIds),
      emails: customer.emails,
      loyaltyCards: customer.loyaltyCardCodes,
      name: customer.displayName,
    };
  }
}
