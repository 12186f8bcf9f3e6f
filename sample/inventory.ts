// Stock levels per SKU, with reservations that expire if an order is never paid.

export interface Reservation {
  sku: string;
  quantity: number;
  expiresAt: number;
}

export class Inventory {
  private readonly stock = new Map<string, number>();
  private readonly reservations = new Map<string, Reservation>();

  restock(sku: string, quantity: number): void {
    if (quantity <= 0) throw new RangeError(`quantity must be positive, got ${quantity}`);
    this.stock.set(sku, (this.stock.get(sku) ?? 0) + quantity);
  }

  available(sku: string, now = Date.now()): number {
    let held = 0;
    for (const r of this.reservations.values()) if (r.sku === sku && r.expiresAt > now) held += r.quantity;
    return (this.stock.get(sku) ?? 0) - held;
  }

  reserve(id: string, sku: string, quantity: number, ttlMs: number, now = Date.now()): boolean {
    if (this.available(sku, now) < quantity) return false;
    this.reservations.set(id, { sku, quantity, expiresAt: now + ttlMs });
    return true;
  }

  commit(id: string, now = Date.now()): boolean {
    const r = this.reservations.get(id);
    if (!r || r.expiresAt <= now) return false;
    this.reservations.delete(id);
    this.stock.set(r.sku, (this.stock.get(r.sku) ?? 0) - r.quantity);
    return true;
  }
}
