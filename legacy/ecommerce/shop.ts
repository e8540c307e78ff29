import { Clock, clockFromEnv } from '../../lib/clock';
import type { Db } from '../kit/db';
import { Authenticator, credentialsFromEnv } from './auth';

/** What every route module needs: the data, the clock for new records, who is calling, the stock settings. */
export interface Shop {
  db: Db;
  now(): Date;
  auth: Authenticator;
  /** Out-of-stock threshold subtracted from salable quantity (Magento's min_qty). */
  outOfStockThreshold: number;
}

export function createShop(db: Db, env: NodeJS.ProcessEnv, now: Clock = clockFromEnv(env)): Shop {
  return {
    db,
    now,
    auth: new Authenticator(db, credentialsFromEnv(env), now),
    outOfStockThreshold: Number(env.ECOMMERCE_OOS_THRESHOLD ?? 0) || 0,
  };
}
