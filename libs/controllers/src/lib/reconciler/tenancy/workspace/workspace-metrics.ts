import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { WorkspacePhase } from './workspace-types';

const PHASES: readonly (WorkspacePhase | 'Unknown')[] = ['Scheduling', 'Initializing', 'Ready', 'Terminating', 'Unknown'];

/**
 * The workspace controller's metrics: `strata_workspaces{phase}` (Workspaces seen by the informer, per phase),
 * `strata_controller_reconcile_duration_seconds{controller}` and `strata_controller_reconcile_errors_total{controller}`.
 * Label values are fixed sets (phases, controller names), never workspace names.
 */
export class WorkspaceMetrics {
  private readonly counts = new Map<string, number>();
  readonly duration: Histogram<'controller'>;
  readonly errors: Counter<'controller'>;

  constructor(registry: Registry) {
    const counts = this.counts;
    new Gauge({
      name: 'strata_workspaces',
      help: 'Workspaces known to the workspace-controller, by phase',
      labelNames: ['phase'],
      registers: [registry],
      collect() {
        for (const phase of PHASES) this.set({ phase }, counts.get(phase) ?? 0);
      },
    });
    this.duration = new Histogram({
      name: 'strata_controller_reconcile_duration_seconds',
      help: 'Duration of one reconcile pass, per controller',
      labelNames: ['controller'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'strata_controller_reconcile_errors_total',
      help: 'Reconcile passes that failed, per controller',
      labelNames: ['controller'],
      registers: [registry],
    });
  }

  /** Moves one Workspace from phase `from` to `to` (undefined = not counted). */
  move(from: string | undefined, to: string | undefined): void {
    const norm = (p: string | undefined) => (p && (PHASES as readonly string[]).includes(p) ? p : 'Unknown');
    if (from !== undefined) this.counts.set(norm(from), (this.counts.get(norm(from)) ?? 1) - 1);
    if (to !== undefined) this.counts.set(norm(to), (this.counts.get(norm(to)) ?? 0) + 1);
  }

  /** Forgets every count (a new informer will report them again). */
  reset(): void {
    this.counts.clear();
  }
}
