import { LRUCache } from 'lru-cache';
import { cartId, cartRefOf, type EcommerceClient } from '../../connectors/ecommerce';

/**
 * The model names every cart by the web shop's cart number, `Cart:<quote id>`: the one name both the
 * shop's cart list (the history) and its orders (their quote id) give. The graph names a guest's
 * cart by its masked id instead, so a guest cart an event names is looked up in the shop once (one
 * call, remembered); a cart the shop no longer has keeps the event's name.
 */
export class CartNames {
  private readonly numbers = new LRUCache<string, string>({ max: 10_000 });

  constructor(private readonly web: Pick<EcommerceClient, 'cart'>) {}

  async of(id: string): Promise<string> {
    const ref = cartRefOf(id);
    if (ref?.kind !== 'guest') return id;
    let name = this.numbers.get(id);
    if (name === undefined) {
      const cart = await this.web.cart(ref);
      name = cart === null ? id : cartId(cart.quoteId);
      this.numbers.set(id, name);
    }
    return name;
  }
}
