import { BusinessRuleError } from '../../lib/errors';
import { locationId } from '../../lib/ids';
import { plantOfSource } from '../../connectors/ecommerce';
import { addCartLine, createCart, mergeGuestCart, updateCartLine } from './carts';
import { prepareAssistedOrder, prepareCheckout } from './checkout';
import type { Context } from './context';
import { prepareCounterSale } from './counter';
import type {
  CheckoutPayload,
  CounterSalePayload,
  MutationResolvers,
  OrderPayload,
  Resolvers,
  StoreReturnPayload,
  SupportCasePayload,
  SupportInteractionPayload,
} from './generated/graphql';
import { idempotentRequest, IdempotentRequest, runIdempotent } from './idempotency';
import { type CancelPickupInput, overduePickups, prepareHandover } from './pickup';
import { prepareStoreReturn } from './returns';
import { prepareCaseChange, prepareInteraction, supportCaseInput } from './support';
import { profileResolvers, requestProfileChange } from './profile';
import {
  assertCounterWorkAt,
  assertMayChangeProfileOf,
  assertMayMergeInto,
  assertMayOpenCartFor,
  assertMayOrderFor,
  assertRunsStore,
} from './rows';
import { CommerceServices, storeOf } from './services';

interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

/** A payload before its entity references are resolved by the subgraphs that own them. */
interface Payload {
  userErrors: unknown[];
}

/** The reference the ERP and the till keep for a piece of work: 12 characters, SAP's longest recipient. */
export const referenceOf = (request: IdempotentRequest) => `OG${request.workId.slice(0, 10).toUpperCase()}`;

/** Saga inputs carry their idempotency key, so recovery can settle the key of a request that crashed. */
export interface Settled {
  idempotency: { scope: string; key: string };
}

/**
 * Every mutation: idempotent per (caller, mutation, key); a business refusal becomes the payload's
 * userErrors (and is the key's answer too); a system failure is a GraphQL error and frees the key.
 */
async function mutate<P extends Payload>(
  context: Context,
  mutation: string,
  input: { idempotencyKey: string },
  work: (request: IdempotentRequest) => Promise<P>,
): Promise<P> {
  const { state } = context.commerce;
  const request = idempotentRequest(context.caller, mutation, input);
  // The other fields of a refused payload are null.
  const refused = (error: UserError) => ({ userErrors: [error] }) as unknown as P;
  return runIdempotent(
    state,
    request,
    () =>
      refused({
        code: 'IDEMPOTENCY_KEY_REUSED',
        field: ['input', 'idempotencyKey'],
        message: 'This idempotency key was used with different input.',
      }),
    async () => {
      try {
        return await work(request);
      } catch (error) {
        if (error instanceof BusinessRuleError) return refused({ code: error.code, field: error.field, message: error.message });
        throw error;
      }
    },
    context.commerce.settings.staleClaimMs,
  );
}

function runSaga<P extends Payload>(commerce: CommerceServices, request: IdempotentRequest, kind: string, input: object): Promise<P> {
  const settled: Settled = { idempotency: { scope: request.scope, key: request.key } };
  return commerce.sagas.run<object, P>(request.workId, kind, { ...input, ...settled });
}

const address = <T extends { street: readonly string[] }>(value: T) => ({ ...value, street: [...value.street] });

const Mutation: MutationResolvers<Context> = {
  createCart: (_parent, { input }, context) => {
    assertMayOpenCartFor(context.caller, input.customerId);
    return mutate(context, 'createCart', input, () => createCart(context, input.customerId));
  },
  // Whose cart an id names only the web shop knows: openCart (carts.ts) checks it before any write.
  addCartLine: (_parent, { input }, context) => mutate(context, 'addCartLine', input, () => addCartLine(context, input)),
  updateCartLine: (_parent, { input }, context) => mutate(context, 'updateCartLine', input, () => updateCartLine(context, input)),
  mergeGuestCart: (_parent, { input }, context) => {
    assertMayMergeInto(context.caller, input.customerId);
    return mutate(context, 'mergeGuestCart', input, () => mergeGuestCart(context, input));
  },
  checkout: (_parent, { input }, context) =>
    mutate(context, 'checkout', input, async (request) => {
      const checkoutRequest = {
        ...input,
        address: address(input.address),
        channel: input.channel ?? 'WEB',
        paymentMethod: input.paymentMethod ?? 'CASH_ON_DELIVERY',
      };
      return runSaga<CheckoutPayload>(
        context.commerce,
        request,
        'order',
        await prepareCheckout(context, checkoutRequest, referenceOf(request)),
      );
    }),
  placeAssistedOrder: (_parent, { input }, context) => {
    assertMayOrderFor(context.caller, input);
    return mutate(context, 'placeAssistedOrder', input, async (request) => {
      const lines = input.lines.map((line) => ({ ...line }));
      const prepared = await prepareAssistedOrder(
        context.commerce,
        { ...input, lines, address: address(input.address) },
        referenceOf(request),
      );
      return runSaga<CheckoutPayload>(context.commerce, request, 'order', prepared);
    });
  },
  sellAtCounter: (_parent, { input }, context) => {
    assertCounterWorkAt(context.caller, input.storeLocationId);
    return mutate(context, 'sellAtCounter', input, async (request) => {
      const prepared = await prepareCounterSale(
        context.commerce,
        { ...input, tender: input.tender ?? 'CASH', lines: input.lines.map((line) => ({ ...line })) },
        referenceOf(request),
      );
      return runSaga<CounterSalePayload>(context.commerce, request, 'counterSale', prepared);
    });
  },
  // The order must be waiting at this store too: prepareHandover refuses it otherwise (NOT_AWAITING_PICKUP).
  handOverPickup: (_parent, { input }, context) => {
    assertCounterWorkAt(context.caller, input.storeLocationId);
    return mutate(context, 'handOverPickup', input, async (request) =>
      runSaga<OrderPayload>(context.commerce, request, 'handover', await prepareHandover(context.commerce, input)),
    );
  },
  cancelUncollectedPickups: (_parent, { input }, context) => {
    assertRunsStore(context.caller, input.storeLocationId);
    return mutate(context, 'cancelUncollectedPickups', input, async () => {
      const { retailStoreId } = await storeOf(context.commerce, input.storeLocationId, ['input', 'storeLocationId']);
      const cancelled = await cancelOverdue(context.commerce, retailStoreId);
      return { cancelledOrders: cancelled, userErrors: [] };
    });
  },
  updateCustomerProfile: (_parent, { input }, context) => {
    assertMayChangeProfileOf(context.caller, input.customerId);
    // The outbox record; the payload's resolver (profile.ts) shows it as the graph's ProfileChange.
    const requestedBy = context.caller.id ?? 'anonymous';
    const work = () => requestProfileChange(context.commerce, context.commerce.profiles, input, requestedBy) as Promise<never>;
    return mutate(context, 'updateCustomerProfile', input, work);
  },
  // Who and which case are found and checked before the key is claimed (support.ts); input problems answer as userErrors.
  logSupportInteraction: async (_parent, { input }, context) => {
    const prepared = await prepareInteraction(context, input, idempotentRequest(context.caller, 'logSupportInteraction', input).workId);
    return mutate(context, 'logSupportInteraction', input, (request) =>
      runSaga<SupportInteractionPayload>(context.commerce, request, 'supportCase', supportCaseInput(prepared)),
    );
  },
  handOverSupportCase: async (_parent, { input }, context) => {
    const prepared = await prepareCaseChange(context, input, idempotentRequest(context.caller, 'handOverSupportCase', input).workId);
    return mutate(context, 'handOverSupportCase', input, (request) =>
      runSaga<SupportCasePayload>(context.commerce, request, 'supportCase', supportCaseInput(prepared)),
    );
  },
  closeSupportCase: async (_parent, { input }, context) => {
    const prepared = await prepareCaseChange(context, input, idempotentRequest(context.caller, 'closeSupportCase', input).workId);
    return mutate(context, 'closeSupportCase', input, (request) =>
      runSaga<SupportCasePayload>(context.commerce, request, 'supportCase', supportCaseInput(prepared)),
    );
  },
  returnWebOrderInStore: (_parent, { input }, context) => {
    assertCounterWorkAt(context.caller, input.storeLocationId);
    return mutate(context, 'returnWebOrderInStore', input, async (request) => {
      const lines = input.lines.map((line) => ({ ...line, condition: line.condition ?? 'RESELLABLE' }));
      return runSaga<StoreReturnPayload>(
        context.commerce,
        request,
        'storeReturn',
        await prepareStoreReturn(context.commerce, { ...input, lines }, referenceOf(request)),
      );
    });
  },
};

/**
 * Cancels a store's (or, for null, every store's) overdue click & collect orders. One saga per
 * order, named after it, so two sweeps (or two replicas) never cancel one order twice.
 */
export async function cancelOverdue(commerce: CommerceServices, retailStoreId: string | null): Promise<{ id: string }[]> {
  const holdHours = Math.round((commerce.settings.pickupHoldMs / 3_600_000) * 100) / 100;
  const cancelled: { id: string }[] = [];
  for (const order of await overduePickups(commerce, retailStoreId)) {
    const store = plantOfSource(order.extension_attributes?.pickup_location_code);
    const result = await commerce.sagas.run<CancelPickupInput, { id: string } | null>(
      `cancel-pickup-${order.increment_id}`,
      'cancelPickup',
      {
        number: order.increment_id,
        entityId: order.entity_id,
        holdHours,
        pickupLocationId: store && locationId(store),
      },
    );
    if (result) cancelled.push(result);
  }
  return cancelled;
}

export const resolvers: Resolvers<Context> = { Mutation, ...profileResolvers } as Resolvers<Context>;
