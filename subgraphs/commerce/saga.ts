import type { Logger } from 'pino';
import type { CommerceState, SagaRecord } from './state/types';

/**
 * Sagas: a change spanning several systems as a log of steps. Steps before the pivot are undone in
 * reverse when a later one fails; the pivot is the point of no return (an order placed, a refund
 * issued), after which the remaining steps are only ever retried forward. Every step can run again
 * after a crash without applying twice: it looks for its own effect before it acts.
 */

/** What earlier steps produced, by step name. */
export type StepResults = Record<string, unknown>;

export interface SagaStepDefinition<I> {
  name: string;
  /** Does the step, or finds it already done; answers what compensation or later steps need. */
  run(input: I, results: StepResults): Promise<unknown>;
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
}

/** The outcome recovery reports for a saga it finished, so the idempotency record can answer it. */
export type Finished = { status: 'COMPLETED'; result: unknown } | { status: 'COMPENSATED'; error: unknown };

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
    this.definitions.set(definition.kind, definition as SagaDefinition<unknown, unknown>);
  }

  /**
   * Runs (or, for an id seen before, resumes) a saga. Before the pivot, a failing step compensates
   * the earlier ones and the error is rethrown; after it, a failing step is left to recovery and the
   * answer still comes back, because the change has happened.
   */
  async run<I, R>(workId: string, kind: string, input: I): Promise<R> {
    const definition = this.definition(kind);
    const { id, existing } = await this.attempt(workId);
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
      return this.runSteps(id, definition, input, resultsOf(existing)) as Promise<R>;
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

  /** The saga for this piece of work: a new attempt once an earlier one was compensated (the caller retried after a failure). */
  private async attempt(workId: string): Promise<{ id: string; existing: SagaRecord | null }> {
    for (let n = 1; ; n += 1) {
      const id = n === 1 ? workId : `${workId}.${n}`;
      const existing = await this.state.saga(id);
      if (existing?.status !== 'COMPENSATED') return { id, existing };
    }
  }

  /** A running saga can simply go on when nothing in it was undone and no step's outcome is unknown before the pivot. */
  private isResumable(record: SagaRecord): boolean {
    const definition = this.definition(record.kind);
    if (record.steps.some((step) => step.status === 'COMPENSATED')) return false;
    const pivot = record.steps.find((step) => step.name === definition.pivot);
    return pivot?.status === 'DONE' || !record.steps.some((step) => step.status === 'STARTED');
  }

  private async runSteps(id: string, definition: SagaDefinition<unknown, unknown>, input: unknown, results: StepResults): Promise<unknown> {
    let pivotDone = definition.pivot in results;
    for (const step of definition.steps) {
      if (step.name in results) continue;
      try {
        await this.state.recordStep(id, step.name, 'STARTED');
        results[step.name] = (await step.run(input, results)) ?? null;
        await this.state.recordStep(id, step.name, 'DONE', results[step.name]);
      } catch (error) {
        if (pivotDone) {
          this.log.warn({ err: error, sagaId: id, kind: definition.kind, step: step.name }, 'saga step after the pivot failed; recovery will retry it');
          return definition.result(input, results);
        }
        try {
          await this.compensate(id, definition, input, { message: error instanceof Error ? error.message : String(error) });
        } catch (compensationError) {
          this.log.error({ err: compensationError, sagaId: id, kind: definition.kind }, 'saga compensation failed; recovery will finish it');
        }
        throw error;
      }
      if (step.name === definition.pivot) pivotDone = true;
    }
    const result = definition.result(input, results);
    await this.state.finishSaga(id, 'COMPLETED', result);
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
      const result = await this.runSteps(record.id, definition, record.input, resultsOf(fresh));
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
