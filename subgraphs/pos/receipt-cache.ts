import type { Receipt } from './client';

/**
 * Receipts never change once the till has posted them (the POS has no voids), so a receipt read
 * in one request can answer the next: the lookup behind a customer's order index fetches whole
 * receipts, and the gateway asks for those same orders a moment later. Least recently used first out.
 */
export class ReceiptCache {
  private readonly receipts = new Map<string, Receipt>();

  constructor(private readonly capacity: number) {}

  get(key: string): Receipt | undefined {
    const receipt = this.receipts.get(key);
    if (receipt) {
      this.receipts.delete(key);
      this.receipts.set(key, receipt);
    }
    return receipt;
  }

  remember(receipts: Iterable<Receipt>): void {
    for (const receipt of receipts) {
      this.receipts.delete(receipt.key);
      this.receipts.set(receipt.key, receipt);
    }
    for (const key of this.receipts.keys()) {
      if (this.receipts.size <= this.capacity) break;
      this.receipts.delete(key);
    }
  }
}
