/** Named SQL parameters collected while compiling client input, so values never enter SQL text. */
export class SqlParams {
  readonly values: Record<string, unknown> = {};
  private count = 0;

  /** Registers a value and returns its placeholder. */
  add(value: unknown): string {
    this.count += 1;
    const name = `p${this.count}`;
    this.values[name] = value;
    return `@${name}`;
  }
}
