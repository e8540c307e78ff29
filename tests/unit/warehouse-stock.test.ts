import pino from 'pino';
import { EntityCaches } from '../../lib/entity-cache';
import { SystemUnavailableError } from '../../lib/errors';
import type { EndOfDayPosting, Plant, ReservationHold, StockRow, WarehouseClient } from '../../connectors/warehouse';
import { createLoaders } from '../../subgraphs/warehouse/loaders';
import { PostedThroughDays } from '../../connectors/warehouse';
import { damagedAt, erpOnHandAt, plantsHolding, postedThroughByStore, reservedAt } from '../../connectors/warehouse';
import { PlantDirectory } from '../../connectors/warehouse';

const row = (plant: string, storageLocation: string, stockType: string, quantity: number): StockRow => ({
  material: 'TS-0001-XA-M',
  plant,
  storageLocation,
  stockType,
  quantity,
});

describe('the ERP’s stock rules', () => {
  const rows = [
    row('S101', '0001', '01', 12),
    row('S101', '0002', '01', 3),
    row('S101', '0002', '07', 2),
    row('S101', '0001', '07', 1),
    row('1100', '0001', '01', 0),
  ];

  it('counts sellable stock as unrestricted stock on the sales floor only', () => {
    expect(erpOnHandAt(rows, 'S101')).toBe(12);
    expect(erpOnHandAt(rows, 'S102')).toBe(0);
  });

  it('counts blocked stock anywhere at the plant as damaged', () => {
    expect(damagedAt(rows, 'S101')).toBe(3);
    expect(damagedAt(rows, '1100')).toBe(0);
  });

  it('lists every plant with a row, an emptied one too, by plant code', () => {
    expect(plantsHolding(rows)).toEqual(['1100', 'S101']);
    expect(plantsHolding([])).toEqual([]);
  });

  it('sums what open reservations hold at the plant', () => {
    const holds = [
      { material: 'A', plant: 'S101', quantity: 2 },
      { material: 'A', plant: 'S101', quantity: 1 },
      { material: 'A', plant: '1100', quantity: 5 },
    ];
    expect(reservedAt(holds, 'S101')).toBe(3);
    expect(reservedAt(holds, 'S102')).toBe(0);
  });

  it('books each store through its newest posted day; a store with none lately, through the newest of all', () => {
    const postings = [
      { retailStoreId: '101', businessDay: '2026-11-18' },
      { retailStoreId: '101', businessDay: '2026-11-19' },
      { retailStoreId: '102', businessDay: '2026-11-17' },
      { retailStoreId: '104', businessDay: '2026-11-20' },
    ];
    expect(postedThroughByStore(['101', '102', '103', '104'], postings)).toEqual(['2026-11-19', '2026-11-17', '2026-11-20', '2026-11-20']);
    expect(postedThroughByStore(['101'], [])).toEqual([null]);
  });
});

describe('the plant directory', () => {
  const plant = (code: string, name: string): Plant => ({
    plant: code,
    name,
    kind: 'STORE',
    street: null,
    city: null,
    countryCode: 'VN',
    latitude: 0,
    longitude: 0,
  });
  const log = pino({ level: 'silent' });

  function erpAnswering(...answers: (Plant[] | Error)[]) {
    const plants = jest.fn(async () => {
      const answer = answers.shift()!;
      if (answer instanceof Error) throw answer;
      return answer;
    });
    return { erp: { plants } as unknown as WarehouseClient, plants };
  }

  it('reads the plants once for many requests, lists them by name, and reads again when they are old', async () => {
    let now = 0;
    const { erp, plants } = erpAnswering(
      [plant('S102', 'Sao Mai Quận 3'), plant('1100', 'Kho tổng Bình Dương')],
      [plant('S101', 'Sao Mai Quận 1')],
    );
    const directory = new PlantDirectory(erp, 1_000, log, () => now);
    const [first, second] = await Promise.all([directory.current(), directory.current()]);
    expect(first).toBe(second);
    expect(first.byName.map((p) => p.plant)).toEqual(['1100', 'S102']);
    expect(first.byPlant.get('S102')?.name).toBe('Sao Mai Quận 3');
    now = 999;
    await directory.current();
    expect(plants).toHaveBeenCalledTimes(1);
    now = 1_000;
    expect((await directory.current()).byName.map((p) => p.plant)).toEqual(['S101']);
    expect(plants).toHaveBeenCalledTimes(2);
  });

  it('keeps serving the last list while the ERP cannot answer, and fails only if it never could', async () => {
    let now = 0;
    const down = new SystemUnavailableError('warehouse', 'DOWN');
    const { erp } = erpAnswering(down, [plant('S101', 'Sao Mai Quận 1')], down);
    const directory = new PlantDirectory(erp, 10, log, () => now);
    await expect(directory.current()).rejects.toBe(down);
    expect((await directory.current()).byName).toHaveLength(1);
    now = 100;
    expect((await directory.current()).byName).toHaveLength(1);
  });
});

describe('the per-request loaders', () => {
  const plant = (code: string): Plant => ({
    plant: code,
    name: code,
    kind: code.startsWith('S') ? 'STORE' : 'WAREHOUSE',
    street: null,
    city: null,
    countryCode: 'VN',
    latitude: 0,
    longitude: 0,
  });
  const log = pino({ level: 'silent' });
  /** No stock kept across requests: these tests are of a request's own reads. */
  const caches = EntityCaches.fromEnv({}, log);
  const uncached = {
    stock: caches.cache<StockRow[]>('erp-stock', 0),
    reservations: caches.cache<ReservationHold[]>('erp-reservations', 0),
  };

  function loadersOver(erp: Partial<WarehouseClient>) {
    const client = { plants: async () => [plant('S101'), plant('S102'), plant('1100')], ...erp } as WarehouseClient;
    const plants = new PlantDirectory(client, 60_000, log);
    return createLoaders(client, plants, new PostedThroughDays(client, plants, 0), uncached);
  }

  it('reads the end-of-day postings once a request, for every store of the plant list', async () => {
    const postings: EndOfDayPosting[] = [
      { retailStoreId: '101', businessDay: '2026-11-19' },
      { retailStoreId: '102', businessDay: '2026-11-20' },
    ];
    const recentEndOfDayPostings = jest.fn(async (_stores: readonly string[]) => postings);
    const loaders = loadersOver({ recentEndOfDayPostings });
    const [first, again] = await Promise.all([loaders.postedThrough(), loaders.postedThrough()]);
    expect(first).toBe(again);
    expect(recentEndOfDayPostings).toHaveBeenCalledTimes(1);
    expect(recentEndOfDayPostings.mock.calls[0][0]).toEqual(['101', '102']);
    expect(['101', '102', '103'].map(first)).toEqual(['2026-11-19', '2026-11-20', '2026-11-20']);
  });

  it('shares every store’s booked days between requests for a while, then reads them again', async () => {
    const recentEndOfDayPostings = jest.fn(async (_stores: readonly string[]): Promise<EndOfDayPosting[]> => [
      { retailStoreId: '101', businessDay: '2026-11-19' },
    ]);
    const client = { plants: async () => [plant('S101')], recentEndOfDayPostings } as unknown as WarehouseClient;
    let clock = 0;
    const plants = new PlantDirectory(client, 60_000, log);
    const days = new PostedThroughDays(client, plants, 15_000, () => clock);
    const request = () => createLoaders(client, plants, days, uncached).postedThrough();
    expect((await request())('101')).toBe('2026-11-19');
    clock = 14_999;
    await request();
    expect(recentEndOfDayPostings).toHaveBeenCalledTimes(1);
    clock = 15_000;
    await request();
    expect(recentEndOfDayPostings).toHaveBeenCalledTimes(2);
  });

  it('keeps a failed read for the rest of the request: a figure read ahead of its field is never read twice', async () => {
    const down = new SystemUnavailableError('warehouse', 'DOWN');
    const openReservationsOfMaterials = jest.fn(async (_skus: readonly string[]): Promise<ReservationHold[]> => {
      throw down;
    });
    const recentEndOfDayPostings = jest.fn(async (): Promise<EndOfDayPosting[]> => {
      throw down;
    });
    const loaders = loadersOver({ openReservationsOfMaterials, recentEndOfDayPostings });
    await expect(Promise.all([loaders.reservationHoldsOfSku.load('A'), loaders.reservationHoldsOfSku.load('B')])).rejects.toBe(down);
    await expect(loaders.reservationHoldsOfSku.load('A')).rejects.toBe(down);
    await expect(loaders.postedThrough()).rejects.toBe(down);
    await expect(loaders.postedThrough()).rejects.toBe(down);
    expect(openReservationsOfMaterials).toHaveBeenCalledTimes(1);
    expect(recentEndOfDayPostings).toHaveBeenCalledTimes(1);
  });
});
