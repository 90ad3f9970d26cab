/**
 * Whether a cache pays: after a trial of lookups, a cache that hit less often than asked
 * is dropped by its owner (a column of amounts or ids repeats nothing, and remembering it
 * only costs time and memory). Hits are counted over the second half of the trial only:
 * a cache starts empty, and a few thousand combinations that repeat over a million rows
 * (six answers of five values each) miss often while it fills.
 */
export class HitRate {
  private lookups = 0;
  private hits = 0;
  /** False once the trial is over and the hits fell short. */
  worthIt = true;

  constructor(
    private readonly trial: number,
    private readonly minimum: number,
  ) {}

  /** Counts one lookup; returns false when the cache should now be dropped. */
  count(hit: boolean): boolean {
    const lookups = ++this.lookups;
    if (hit && lookups * 2 > this.trial) this.hits++;
    if (lookups === this.trial && this.hits < (this.trial / 2) * this.minimum) this.worthIt = false;
    return this.worthIt;
  }
}
