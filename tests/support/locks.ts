/** Checks of keyed locks, shared by the state stores' tests. */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 20 workers each read a counter, wait, and write it back plus one: any two that overlap lose an
 * increment. `lockFor(i)` runs worker i's critical section under the lock being tested.
 */
export async function contend(lockFor: (i: number, work: () => Promise<void>) => Promise<void>, workers = 20) {
  let counter = 0;
  let inside = 0;
  let mostInside = 0;
  await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      lockFor(i, async () => {
        inside += 1;
        mostInside = Math.max(mostInside, inside);
        const seen = counter;
        await sleep(1 + (i % 3));
        counter = seen + 1;
        inside -= 1;
      }),
    ),
  );
  return { counter, mostInside };
}
