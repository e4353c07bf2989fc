/**
 * Deadlines for many short operations (one per APDU) served by one timer.
 *
 * A setTimeout/clearTimeout pair per APDU measurably slowed a 38-APDU status read through
 * pcscd (about 10 µs an APDU, per layer, in `npm run bench`). Here a timer is rescheduled
 * only when a deadline comes earlier than the one it waits for, which sequential APDUs with
 * one timeout never do. The timer keeps the process alive only while something is watched.
 */
interface Watched {
  at: number;
  onExpire: () => void;
}

export class DeadlineWatchdog {
  private readonly watched = new Set<Watched>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Number.POSITIVE_INFINITY;

  /** Call `onExpire` after `ms` unless the returned function is called first. */
  watch(ms: number, onExpire: () => void): () => void {
    const entry: Watched = { at: Date.now() + ms, onExpire };
    this.watched.add(entry);
    if (entry.at < this.timerAt) this.schedule(entry.at);
    else if (this.watched.size === 1) this.timer?.ref();
    return () => {
      if (this.watched.delete(entry) && this.watched.size === 0) this.timer?.unref();
    };
  }

  private schedule(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - Date.now()));
    if (this.watched.size === 0) this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const entry of [...this.watched]) {
      if (entry.at <= now) {
        this.watched.delete(entry);
        entry.onExpire();
      } else if (entry.at < next) {
        next = entry.at;
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.schedule(next);
  }
}

/** The process-wide watchdog the APDU layers share. */
export const watchdog = new DeadlineWatchdog();
