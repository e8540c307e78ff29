import type { Clock } from '../../lib/clock';
import { MarketplaceAuthorizationError } from './refusals';

/**
 * The shop's authorisation, kept in memory: an access token that lives 4 hours, renewed ahead of
 * its expiry (and once when the marketplace refuses it anyway) with a refresh token that is good
 * once, so each renewal keeps the new one. Concurrent calls that need a renewal share one.
 */

/** How long before its expiry an access token is renewed: leaves room for clock skew and slow calls. */
const RENEW_AHEAD_MS = 5 * 60_000;

/** Where the first tokens come from: the code of the shop owner's authorisation, or a refresh token kept from earlier. */
export type FirstAuthorization = () => Promise<{ code: string } | { refreshToken: string }>;

export interface Grant {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

/** The two auth calls: a code for tokens (`auth/token/get`), a refresh token for new ones (`auth/access_token/get`). */
export type GrantCall = (call: 'auth/token/get' | 'auth/access_token/get', body: Record<string, string | number>) => Promise<Grant>;

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAtMs: number;
}

export class ShopAuthorization {
  private tokens: Tokens | null = null;
  private renewal: Promise<Tokens> | null = null;

  constructor(
    private readonly shopId: number,
    private readonly clock: Clock,
    private readonly first: FirstAuthorization,
    private readonly grant: GrantCall,
  ) {}

  /** A live access token, renewed first when it is about to expire. */
  async accessToken(): Promise<string> {
    return this.fresh() ?? this.renew(this.tokens?.accessToken ?? null);
  }

  /** A new access token after `refused` was refused, unless another call has already replaced it. */
  async renew(refused: string | null): Promise<string> {
    const current = this.fresh();
    if (current !== null && current !== refused) return current;
    this.renewal ??= this.obtain().finally(() => (this.renewal = null));
    return (await this.renewal).accessToken;
  }

  private fresh(): string | null {
    const tokens = this.tokens;
    return tokens && this.clock().getTime() < tokens.expiresAtMs - RENEW_AHEAD_MS ? tokens.accessToken : null;
  }

  private async obtain(): Promise<Tokens> {
    if (this.tokens) {
      try {
        return this.keep(await this.grant('auth/access_token/get', { refresh_token: this.tokens.refreshToken, shop_id: this.shopId }));
      } catch (error) {
        // A refresh token spent by a renewal whose answer was lost, or past its 30 days: start again from the first authorisation.
        if (!(error instanceof MarketplaceAuthorizationError)) throw error;
        this.tokens = null;
      }
    }
    const first = await this.first();
    return this.keep(
      'code' in first
        ? await this.grant('auth/token/get', { code: first.code, shop_id: this.shopId })
        : await this.grant('auth/access_token/get', { refresh_token: first.refreshToken, shop_id: this.shopId }),
    );
  }

  private keep(grant: Grant): Tokens {
    this.tokens = {
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken,
      expiresAtMs: this.clock().getTime() + grant.expiresInSeconds * 1000,
    };
    return this.tokens;
  }
}
