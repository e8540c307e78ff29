/**
 * Reads until the check holds (a read model that follows a feed, a push, a periodic round), and
 * answers the last read when `seconds` pass first: the caller's assertion then says what was seen.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds = 15): Promise<T> {
  const deadline = Date.now() + seconds * 1_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
