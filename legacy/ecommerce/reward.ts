import type { FastifyInstance } from 'fastify';
import type { Db } from '../kit/db';
import type { CartScope } from './carts';
import { badRequest } from './errors';
import { magentoTime, money } from './format';
import { requiredObject } from './input';
import type { Shop } from './shop';
import { sql } from './statements';

/**
 * Loyalty points as part payment, as the retailer's loyalty module adds them to the shop. The
 * points live in the CRM; the shop keeps only what a cart and its order were paid with, in Adobe
 * Commerce's reward fields: `reward_points_balance` (points) and `reward_currency_amount` (their
 * value), taken off the grand total. A credit memo gives back the points' share of what it
 * refunds (the memo's `reward_currency_amount`), and refunds only the rest in money.
 */

export interface Reward {
  points: number;
  amount: number;
}

export const NO_REWARD: Reward = { points: 0, amount: 0 };

export function rewardOfQuote(db: Db, quoteId: number): Reward {
  const row = sql(db, 'SELECT reward_points_balance AS points, reward_currency_amount AS amount FROM quote WHERE entity_id = ?').get(
    quoteId,
  ) as Reward | undefined;
  return row ?? NO_REWARD;
}

/** The reward total segment, as the cart page shows it. */
export const rewardSegment = (reward: Reward) => ({
  code: 'reward',
  title: `${reward.points} Reward points used`,
  value: -reward.amount,
});

/**
 * The points' share of a refund of `goods` (what the refunded items cost after discounts), out of
 * the order's goods: proportional, rounded down to whole points, never more than is left.
 */
export function rewardRefundOf(
  order: {
    reward_points_balance: number;
    reward_currency_amount: number;
    reward_currency_refunded: number;
    subtotal: number;
    discount_amount: number;
  },
  goods: number,
): Reward {
  if (order.reward_currency_amount <= 0) return NO_REWARD;
  const orderGoods = order.subtotal + order.discount_amount;
  const pointValue = order.reward_currency_amount / order.reward_points_balance;
  const left = order.reward_currency_amount - order.reward_currency_refunded;
  const points = Math.min(Math.floor((order.reward_points_balance * goods) / orderGoods), Math.round(left / pointValue));
  return { points, amount: money(points * pointValue) };
}

/** `PUT <cart>/reward-points` `{ "reward": { "points": 20, "currency_amount": 20000 } }`: sets (0 clears) what points pay of the cart. */
export function registerRewardRoutes(app: FastifyInstance, shop: Shop, scope: CartScope): void {
  app.put(`${scope.path}/reward-points`, { config: { operation: `${scope.operation}.rewardPoints.set` } }, async (request) => {
    const cart = scope.locate(request, { active: true });
    const reward = requiredObject(request.body, 'reward');
    const points = Number(reward.points);
    const amount = Number(reward.currency_amount);
    if (!Number.isInteger(points) || points < 0 || !Number.isFinite(amount) || amount < 0 || (points === 0) !== (amount === 0))
      throw badRequest('The reward points and their amount must be zero or positive together.');
    sql(shop.db, 'UPDATE quote SET reward_points_balance = ?, reward_currency_amount = ?, updated_at = ? WHERE entity_id = ?').run(
      points,
      money(amount),
      magentoTime(shop.now()),
      cart.quote.entity_id,
    );
    return true;
  });
}
