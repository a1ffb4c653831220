/**
 * An in-memory copy of one record collection (store.ts, RecordCollections), kept current: it reads
 * what changed after the revision it holds whenever the collection's channel says something changed
 * (a hint: a lost message costs nothing), and at a fixed interval regardless, so that every instance
 * converges within that interval. One read pass runs at a time; a hint during a pass asks for one more.
 * While the store does not answer, the copy stays as it was. A copy that fell so far behind that the
 * store has forgotten deletions it had not read (deletionsForgottenThrough) reads the whole
 * collection again and drops what is no longer there.
 */
import type { Logger } from '../observability/logger.js';
import type { PubSub, RecordChange, RecordCollections } from './store.js';

export interface RecordFollowerOptions<T> {
  store: RecordCollections & PubSub;
  collection: string;
  /** The channel writers publish on after a change (any message). */
  channel: string;
  /** A record's value as the follower keeps it; undefined skips a value of another shape. */
  parse: (raw: string) => T | undefined;
  /** Called after each pass that changed something, with the ids it changed. */
  onChange: (ids: readonly string[]) => void;
  logger: Logger;
  /** @default 500 */
  intervalMs?: number;
}

const pageSize = 1000;

export class RecordFollower<T> {
  /** Each record with the revision of the change it came by (a reload sees most of them again). */
  private readonly records = new Map<string, { value: T; revision: number }>();
  private revision = 0;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private pass: Promise<void> | undefined;
  private again = false;
  private failing = false;
  /** A reload could not finish clean: the next pass reloads again. */
  private reloadDue = false;

  constructor(private readonly options: RecordFollowerOptions<T>) {}

  /** Reads the whole collection once, then follows it. */
  async start(): Promise<void> {
    const { store, channel, intervalMs } = this.options;
    this.unsubscribe = await store.subscribe(channel, () => void this.refresh());
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), intervalMs ?? 500);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.unsubscribe?.().catch(() => undefined);
    this.unsubscribe = undefined;
    await this.pass;
  }

  get(id: string): T | undefined {
    return this.records.get(id)?.value;
  }

  *values(): IterableIterator<T> {
    for (const record of this.records.values()) yield record.value;
  }

  ids(): IterableIterator<string> {
    return this.records.keys();
  }

  /** Reads the changes after the revision held; resolves once the copy has them. */
  refresh(): Promise<void> {
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = this.readAll().finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  /** Tells the other instances that this one changed the collection. */
  async announce(): Promise<void> {
    try {
      await this.options.store.publish(this.options.channel, String(this.revision));
    } catch (error) {
      this.options.logger.warn({ err: error, collection: this.options.collection }, 'change not announced; the others see it at their next resync');
    }
  }

  private async readAll(): Promise<void> {
    do {
      this.again = false;
      const changed: string[] = [];
      try {
        const held = this.revision;
        // A first read (from 0) shows every record there is: only deletions forgotten while it ran
        // can have escaped it. Forgetting keeps newer deletions, so an empty read missed nothing.
        const forgottenBefore = held === 0 ? await this.forgottenThrough() : held;
        const seen = await this.readChanges(held, changed);
        if (this.reloadDue || (seen.size > 0 && (await this.forgottenThrough()) > forgottenBefore)) await this.reload(changed);
        if (this.failing) this.options.logger.info({ collection: this.options.collection }, 'following the store again');
        this.failing = false;
      } catch (error) {
        if (!this.failing) this.options.logger.warn({ err: error, collection: this.options.collection }, 'could not read changes; keeping the copy as it is');
        this.failing = true;
      }
      if (changed.length > 0) this.options.onChange(changed);
    } while (this.again);
  }

  private forgottenThrough(): Promise<number> {
    return this.options.store.deletionsForgottenThrough(this.options.collection);
  }

  /** Applies every change after `afterRevision`, page by page; returns the ids it saw. */
  private async readChanges(afterRevision: number, changed: string[]): Promise<Set<string>> {
    const seen = new Set<string>();
    let after = afterRevision;
    let page: RecordChange[];
    do {
      page = await this.options.store.changedRecords(this.options.collection, after, pageSize);
      for (const change of page) {
        after = change.revision;
        seen.add(change.id);
        this.apply(change, changed);
      }
    } while (page.length === pageSize);
    return seen;
  }

  /**
   * Reads the whole collection again: a record held here that the read does not show at all was
   * deleted and its deletion forgotten. The read is redone (a few times at most) when deletions made
   * during it were forgotten before it reached them, which takes `tombstonesKept` deletions meanwhile.
   */
  private async reload(changed: string[]): Promise<void> {
    const { collection, logger } = this.options;
    this.reloadDue = true;
    for (let attempt = 1; ; attempt++) {
      const floor = this.revision;
      const seen = await this.readChanges(0, changed);
      for (const id of [...this.records.keys()]) {
        if (seen.has(id)) continue;
        this.records.delete(id);
        changed.push(id);
      }
      if ((await this.forgottenThrough()) <= floor) {
        this.reloadDue = false;
        return;
      }
      if (attempt === 3) {
        logger.warn({ collection }, 'deletions are forgotten faster than the collection can be read; reading it again at the next pass');
        return;
      }
    }
  }

  private apply(change: RecordChange, changed: string[]): void {
    this.revision = Math.max(this.revision, change.revision);
    if (this.records.get(change.id)?.revision === change.revision) return;
    const value = change.value === null ? undefined : this.options.parse(change.value);
    if (value === undefined) {
      if (!this.records.delete(change.id)) return;
    } else {
      this.records.set(change.id, { value, revision: change.revision });
    }
    changed.push(change.id);
  }
}
