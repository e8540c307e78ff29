import type { Logger } from 'pino';
import type { CommerceState, SagaRecord } from './state/types';

/**
 * Sagas: a change spanning several systems as a log of steps. Steps before the pivot are undone in
 * reverse when a later one fails; the pivot is the point of no return (an order placed, a refund
 * issued), after which the remaining steps are only ever retried forward. Every step can run again
 * after a crash or a retry without applying twice: run again, it looks for its own effect before it
 * acts. The log tells it whether it runs again, so a first run need not look.
 */

/** What earlier steps produced, by step name. */
export type StepResults = Record<string, unknown>;

export interface SagaStepDefinition<I> {
  name: string;
  /** Runs together with the step before it (and that one's companions): none needs another's result. Never the pivot or the step after it. */
  alongside?: boolean;
  /**
   * Does the step, or finds it already done; answers what compensation or later steps need.
   * `again`: the step was started before, in this saga or an earlier attempt of the same work (a
   * crash, a failure the caller retried), so its effect may be there already: look for it first.
   */
  run(input: I, results: StepResults, again: boolean): Promise<unknown>;
  /** Undoes the step. `data` is undefined when a crash left its outcome unknown: find the effect from the input. */
  compensate?(input: I, data: unknown, results: StepResults): Promise<void>;
  /** For the pivot after a crash: its data if it took effect, null if it did not. */
  find?(input: I, results: StepResults): Promise<unknown>;
}

export interface SagaDefinition<I, R> {
  kind: string;
  steps: SagaStepDefinition<I>[];
  /** The step after which the saga only goes forward. */
  pivot: string;
  /** The answer, from the steps' results. */
  result(input: I, results: StepResults): R;
  /**
   * Tells live subscribers and the KPIs what changed (lib/live-events.ts), once the saga has
   * completed, whether a request or recovery finished it: only then has every system of record
   * changed. Publishes without waiting for the broker; a mistake here is logged, never the saga's.
   */
  completed?(input: I, results: StepResults): void;
}

/** The outcome recovery reports for a saga it finished, so the idempotency record can answer it. */
export type Finished = { status: 'COMPLETED'; result: unknown } | { status: 'COMPENSATED'; error: unknown };

/** The steps in order, as groups of those that run together. */
function groupsOf<I>(steps: SagaStepDefinition<I>[]): { step: SagaStepDefinition<I>; at: number }[][] {
  const groups: { step: SagaStepDefinition<I>; at: number }[][] = [];
  steps.forEach((step, at) => {
    if (step.alongside && groups.length > 0) groups[groups.length - 1].push({ step, at });
    else groups.push([{ step, at }]);
  });
  return groups;
}

const resultsOf = (record: SagaRecord | null): StepResults =>
  Object.fromEntries((record?.steps ?? []).filter((step) => step.status === 'DONE').map((step) => [step.name, step.data]));

export class SagaRunner {
  private readonly definitions = new Map<string, SagaDefinition<unknown, unknown>>();
  /** Sagas this process is running or recovering now, until each settles: recovery leaves them alone (in flight is not interrupted). */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /**
   * `quietMs`: recovery leaves a saga alone until it has not moved for this long, so one replica
   * (or one just started) never undoes a saga another replica is still running.
   */
  constructor(
    private readonly state: CommerceState,
    private readonly log: Logger,
    private readonly quietMs = 60_000,
  ) {}

  register<I, R>(definition: SagaDefinition<I, R>): void {
    const pivot = definition.steps.findIndex((step) => step.name === definition.pivot);
    // A pivot shares no group: the steps beside it would be neither undone nor only ever retried.
    if (pivot < 0 || definition.steps[pivot].alongside || definition.steps[pivot + 1]?.alongside)
      throw new Error(`${definition.kind}: the pivot must be a step of its own`);
    this.definitions.set(definition.kind, definition as SagaDefinition<unknown, unknown>);
  }

  /**
   * Runs (or, for an id seen before, resumes) a saga. Before the pivot, a failing step compensates
   * the earlier ones and the error is rethrown; after it, a failing step is left to recovery and the
   * answer still comes back, because the change has happened.
   */
  async run<I, R>(workId: string, kind: string, input: I): Promise<R> {
    const definition = this.definition(kind);
    const { id, existing, started } = await this.attempt(workId);
    if (existing?.status === 'COMPLETED') return existing.result as R;
    const running = this.inFlight.get(id);
    if (running) {
      // Two sweeps reaching the same order, say: wait for the first, then answer from what it left.
      await running.catch(() => undefined);
      return this.run<I, R>(workId, kind, input);
    }
    return this.claimed(id, async () => {
      if (existing?.status === 'RUNNING' && !this.isResumable(existing)) {
        // Interrupted before its pivot: finish undoing it, then answer as the first attempt did.
        const finished = await this.recoverOne(existing);
        if (finished.status === 'COMPLETED') return finished.result as R;
        return this.run<I, R>(workId, kind, input);
      }
      if (!existing) await this.state.startSaga({ id, kind, input });
      // A saga resumed goes on with the input it was logged with: its steps' effects are named after that one.
      return this.runSteps(id, definition, existing ? existing.input : input, resultsOf(existing), started) as Promise<R>;
    });
  }

  /** Marks the saga in flight here while `work` runs it; the mark is set before anything else can look. */
  private claimed<T>(id: string, work: () => Promise<T>): Promise<T> {
    const done: Promise<T> = work().finally(() => {
      if (this.inFlight.get(id) === done) this.inFlight.delete(id);
    });
    this.inFlight.set(id, done);
    return done;
  }

  /**
   * The saga for this piece of work: a new attempt once an earlier one was compensated (the caller
   * retried after a failure). `started`: the steps this attempt or an earlier one started.
   */
  private async attempt(workId: string): Promise<{ id: string; existing: SagaRecord | null; started: Set<string> }> {
    const started = new Set<string>();
    for (let n = 1; ; n += 1) {
      const id = n === 1 ? workId : `${workId}.${n}`;
      const existing = await this.state.saga(id);
      for (const step of existing?.steps ?? []) started.add(step.name);
      if (existing?.status !== 'COMPENSATED') return { id, existing, started };
    }
  }

  /** A running saga can simply go on when nothing in it was undone and no step's outcome is unknown before the pivot. */
  private isResumable(record: SagaRecord): boolean {
    const definition = this.definition(record.kind);
    if (record.steps.some((step) => step.status === 'COMPENSATED')) return false;
    const pivot = record.steps.find((step) => step.name === definition.pivot);
    return pivot?.status === 'DONE' || !record.steps.some((step) => step.status === 'STARTED');
  }

  /** Runs the steps not yet done, in order, each group of steps alongside each other together. */
  private async runSteps(
    id: string,
    definition: SagaDefinition<unknown, unknown>,
    input: unknown,
    results: StepResults,
    started: ReadonlySet<string>,
  ): Promise<unknown> {
    const pivotAt = definition.steps.findIndex((step) => step.name === definition.pivot);
    let pivotDone = definition.pivot in results;
    for (const group of groupsOf(definition.steps)) {
      // Past the pivot, a step before it that is not done (one added to the definition since) has nothing left to do.
      const pending = group.filter(({ step, at }) => !(step.name in results) && !(pivotDone && at < pivotAt)).map(({ step }) => step);
      if (pending.length === 0) continue;
      let outcomes: PromiseSettledResult<unknown>[];
      try {
        // Each is logged as started before any of them acts.
        for (const step of pending) await this.state.recordStep(id, step.name, 'STARTED');
        outcomes = await Promise.allSettled(
          pending.map(async (step) => {
            const data = (await step.run(input, results, started.has(step.name))) ?? null;
            await this.state.recordStep(id, step.name, 'DONE', data);
            return data;
          }),
        );
      } catch (error) {
        outcomes = pending.map(() => ({ status: 'rejected', reason: error }));
      }
      // Later steps see what each of the group produced; a failure is the first step's in the definition's order.
      outcomes.forEach((outcome, i) => {
        if (outcome.status === 'fulfilled') results[pending[i].name] = outcome.value;
      });
      const failed = outcomes.flatMap((outcome, i) =>
        outcome.status === 'rejected' ? [{ step: pending[i].name, error: outcome.reason as unknown }] : [],
      );
      if (failed.length > 0) {
        if (pivotDone) {
          for (const { step, error } of failed)
            this.log.warn(
              { err: error, sagaId: id, kind: definition.kind, step },
              'saga step after the pivot failed; recovery will retry it',
            );
          return definition.result(input, results);
        }
        const { error } = failed[0];
        try {
          await this.compensate(id, definition, input, { message: error instanceof Error ? error.message : String(error) });
        } catch (compensationError) {
          this.log.error(
            { err: compensationError, sagaId: id, kind: definition.kind },
            'saga compensation failed; recovery will finish it',
          );
        }
        throw error;
      }
      if (pending.some((step) => step.name === definition.pivot)) pivotDone = true;
    }
    const result = definition.result(input, results);
    await this.state.finishSaga(id, 'COMPLETED', result);
    try {
      definition.completed?.(input, results);
    } catch (error) {
      this.log.warn({ err: error, sagaId: id, kind: definition.kind }, 'the events of a completed saga could not be published');
    }
    return result;
  }

  /**
   * Finishes every saga a crash (or a failed step after the pivot) left running: forward when the
   * pivot took effect, else backward. Answers the sagas it finished and how each ended.
   */
  async recover(): Promise<{ saga: SagaRecord; finished: Finished }[]> {
    const finished: { saga: SagaRecord; finished: Finished }[] = [];
    for (const listed of await this.state.unfinishedSagas()) {
      // Running here (a request in flight, or an earlier recovery still at it) is not interrupted.
      if (this.inFlight.has(listed.id) || Date.now() - Date.parse(listed.updatedAt) < this.quietMs) continue;
      try {
        const outcome = await this.claimed(listed.id, async () => {
          // It may have finished since the list was read.
          const saga = await this.state.saga(listed.id);
          return saga?.status === 'RUNNING' ? { saga, finished: await this.recoverOne(saga) } : null;
        });
        if (outcome) finished.push(outcome);
      } catch (error) {
        this.log.warn({ err: error, sagaId: listed.id, kind: listed.kind }, 'could not finish a saga yet; will try again');
      }
    }
    return finished;
  }

  private async recoverOne(record: SagaRecord): Promise<Finished> {
    const definition = this.definition(record.kind);
    const pivot = record.steps.find((step) => step.name === definition.pivot);
    let pivotDone = pivot?.status === 'DONE';
    if (pivot?.status === 'STARTED') {
      const stepDefinition = definition.steps.find((step) => step.name === definition.pivot)!;
      const data = stepDefinition.find ? await stepDefinition.find(record.input, resultsOf(record)) : null;
      if (data !== null && data !== undefined) {
        await this.state.recordStep(record.id, definition.pivot, 'DONE', data);
        pivotDone = true;
      }
    }
    if (pivotDone) {
      const fresh = await this.state.saga(record.id);
      // Only steps after the pivot run here, and no earlier attempt reached them (one is left behind only
      // compensated, before its pivot): this saga's own log tells which ran before.
      const result = await this.runSteps(
        record.id,
        definition,
        record.input,
        resultsOf(fresh),
        new Set(fresh?.steps.map((step) => step.name)),
      );
      const after = await this.state.saga(record.id);
      if (after?.status !== 'COMPLETED') throw new Error('a step after the pivot still fails');
      return { status: 'COMPLETED', result };
    }
    const error = { message: 'The request was interrupted and has been undone; nothing was changed.' };
    await this.compensate(record.id, definition, record.input, error);
    return { status: 'COMPENSATED', error };
  }

  /** Undoes, newest first, every step that started; the saga ends COMPENSATED only when all are undone. */
  private async compensate(id: string, definition: SagaDefinition<unknown, unknown>, input: unknown, error?: unknown): Promise<void> {
    const record = await this.state.saga(id);
    const results = resultsOf(record);
    const started = (record?.steps ?? []).filter((step) => step.status !== 'COMPENSATED').reverse();
    for (const step of started) {
      const stepDefinition = definition.steps.find((candidate) => candidate.name === step.name);
      if (stepDefinition?.compensate) await stepDefinition.compensate(input, step.status === 'DONE' ? step.data : undefined, results);
      await this.state.recordStep(id, step.name, 'COMPENSATED', step.data);
    }
    await this.state.finishSaga(id, 'COMPENSATED', error ?? null);
  }

  private definition(kind: string): SagaDefinition<unknown, unknown> {
    const definition = this.definitions.get(kind);
    if (!definition) throw new Error(`no saga definition for ${kind}`);
    return definition;
  }
}
