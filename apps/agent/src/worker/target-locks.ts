/**
 * One RMAN session per database at a time: work for the same target waits its turn, work for
 * different targets runs side by side.
 */
export class TargetLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async withTarget<T>(targetId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(targetId) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(targetId, tail);

    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(targetId) === tail) this.tails.delete(targetId);
    }
  }
}
