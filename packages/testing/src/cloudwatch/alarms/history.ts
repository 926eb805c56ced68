import type { AlarmHistoryItem } from './types';

// The account's alarm history. CloudWatch "retains the history of an alarm even if you delete the
// alarm" and keeps it 30 days (two weeks in the guide's older revisions); the emulator also bounds the
// items kept per alarm and how many deleted alarms keep theirs, so a long run with many alarms stays in
// memory bounds.

/** A history item with its place in the account's history (ties between equal timestamps). */
export interface StoredHistoryItem extends AlarmHistoryItem {
  readonly sequence: number;
}

export interface AlarmHistoryBounds {
  /** Items older than this are dropped, ms. */
  readonly retentionMs: number;
  /** The newest this many items of each alarm are kept. */
  readonly maxItemsPerAlarm: number;
  /** Deleted alarms whose history is kept; the longest-deleted one's history goes first. */
  readonly maxDeletedAlarms: number;
}

export class AlarmHistory {
  /** Per alarm name, oldest first. */
  private readonly byAlarm = new Map<string, StoredHistoryItem[]>();
  /** Names of deleted alarms that still have history, longest-deleted first. */
  private readonly deleted = new Set<string>();
  private sequence = 0;

  constructor(private readonly bounds: AlarmHistoryBounds) {}

  add(item: AlarmHistoryItem): void {
    let items = this.byAlarm.get(item.AlarmName);
    if (items === undefined) {
      items = [];
      this.byAlarm.set(item.AlarmName, items);
    }
    this.sequence += 1;
    items.push({ ...item, sequence: this.sequence });
    if (items.length > this.bounds.maxItemsPerAlarm)
      items.splice(0, items.length - this.bounds.maxItemsPerAlarm);
    this.expire(item.AlarmName, item.Timestamp);
  }

  /** The alarm was deleted: its history stays, among a bounded number of deleted alarms'. */
  retire(alarmName: string): void {
    this.deleted.delete(alarmName);
    this.deleted.add(alarmName);
    while (this.deleted.size > this.bounds.maxDeletedAlarms) {
      const oldest = this.deleted.values().next().value as string;
      this.deleted.delete(oldest);
      this.byAlarm.delete(oldest);
    }
  }

  /** An alarm of this name exists again: its history is live history. */
  revive(alarmName: string): void {
    this.deleted.delete(alarmName);
  }

  /** Every item kept at `now`, of one alarm or of all, in the account's order (oldest first). */
  items(now: number, alarmName?: string): StoredHistoryItem[] {
    const names = alarmName === undefined ? [...this.byAlarm.keys()] : [alarmName];
    const found: StoredHistoryItem[] = [];
    for (const name of names) {
      this.expire(name, now);
      found.push(...(this.byAlarm.get(name) ?? []));
    }
    return found.sort((a, b) => a.Timestamp - b.Timestamp || a.sequence - b.sequence);
  }

  private expire(alarmName: string, now: number): void {
    const items = this.byAlarm.get(alarmName);
    if (items === undefined) return;
    const cutoff = now - this.bounds.retentionMs;
    const kept = items.findIndex((item) => item.Timestamp >= cutoff);
    if (kept === -1) items.length = 0;
    else if (kept > 0) items.splice(0, kept);
    if (items.length === 0) {
      this.byAlarm.delete(alarmName);
      this.deleted.delete(alarmName);
    }
  }
}
