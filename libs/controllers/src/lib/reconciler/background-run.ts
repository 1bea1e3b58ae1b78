/**
 * The start()/stop() of a controller whose work is one async loop until its signal aborts: start() runs it once
 * (a second call while it runs does nothing); stop() aborts it and waits for it to end, and may be called again.
 */
export class BackgroundRun {
  private running: { controller: AbortController; done: Promise<void> } | undefined;

  constructor(private readonly loop: (signal: AbortSignal) => Promise<void>) {}

  /** True between start() and the end of the stop() that ended it. */
  isRunning(): boolean {
    return this.running !== undefined;
  }

  start(): void {
    if (this.running) return;
    const controller = new AbortController();
    this.running = { controller, done: this.loop(controller.signal) };
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.done;
    if (this.running === running) this.running = undefined;
  }
}
