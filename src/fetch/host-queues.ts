import PQueue from 'p-queue';
import type { HostLimits } from '../config/schema.js';

export interface QueueDefaults {
  concurrencyPerHost: number;
  minIntervalMs: number;
  hosts: Record<string, HostLimits>;
}

/** One queue per host (`host:port`), with the configured concurrency and minimum interval. */
export class HostQueues {
  private readonly queues = new Map<string, PQueue>();

  constructor(private readonly defaults: QueueDefaults) {}

  limitsFor(host: string): { concurrency: number; minIntervalMs: number; timeoutMs?: number } {
    const override = this.defaults.hosts[host] ?? this.defaults.hosts[host.replace(/:\d+$/, '')] ?? {};
    return {
      concurrency: override.concurrency ?? this.defaults.concurrencyPerHost,
      minIntervalMs: override.minIntervalMs ?? this.defaults.minIntervalMs,
      timeoutMs: override.timeoutMs,
    };
  }

  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(host);
    if (!queue) {
      const { concurrency, minIntervalMs } = this.limitsFor(host);
      // strict: a sliding window, so two starts are never closer than the interval (fixed windows let a
      // request late in one window and one early in the next go out back to back).
      queue = minIntervalMs > 0
        ? new PQueue({ concurrency, interval: minIntervalMs, intervalCap: 1, strict: true })
        : new PQueue({ concurrency });
      this.queues.set(host, queue);
    }
    return queue.add(task) as Promise<T>;
  }
}
