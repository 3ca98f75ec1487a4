// The benchmark's side of the gateway child process: start it, ask it to begin, end and stop, each within a time bound.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromGateway, GatewayChildConfig, ToGateway } from './gateway-messages.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const entry = join(here, 'gateway-child.ts');

type Reply<T extends FromGateway['type']> = Extract<FromGateway, { type: T }>;

/**
 * node runs the child with tsx as its loader (one process, so its CPU and memory are the gateway's
 * alone). Its output goes to this process's stderr, prefixed, so stdout carries only the result.
 */
export class GatewayProcess {
  private exited: string | null = null;
  private readonly waiters = new Set<(m: FromGateway | Error) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(config: GatewayChildConfig, timeoutMs: number): Promise<GatewayProcess> {
    const prof = process.env.ZLD_BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ZLD_BENCH_CPU_PROF}`]
      : [];
    const child = spawn(
      process.execPath,
      [...prof, '--import', 'tsx', entry, JSON.stringify(config)],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    // If this process exits first (a signal, a crash), the child goes with it.
    const killer = () => child.kill('SIGKILL');
    process.once('exit', killer);
    child.once('exit', () => process.off('exit', killer));
    const relay = (d: Buffer) => process.stderr.write(`[gateway] ${d.toString()}`);
    child.stdout?.on('data', relay);
    child.stderr?.on('data', relay);
    const holder: { gw?: GatewayProcess } = {};
    const ready = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the gateway was not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      child.on('message', (m: FromGateway) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          resolve(m.url);
        } else if (m.type === 'failed' && holder.gw === undefined) {
          clearTimeout(timer);
          reject(new Error(`the gateway failed to start: ${m.message}`));
        }
        for (const w of holder.gw?.waiters ?? []) w(m);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const why = `the gateway exited (${signal ?? `code ${code}`})`;
        reject(new Error(why));
        if (holder.gw !== undefined) {
          holder.gw.exited = why;
          for (const w of holder.gw.waiters) w(new Error(why));
        }
      });
    });
    const url = await ready;
    holder.gw = new GatewayProcess(child, url);
    return holder.gw;
  }

  /** Sends `request` and resolves with the child's reply of type `expect`. */
  ask<T extends FromGateway['type']>(
    request: ToGateway,
    expect: T,
    timeoutMs: number,
  ): Promise<Reply<T>> {
    if (this.exited !== null) return Promise.reject(new Error(this.exited));
    return new Promise((resolve, reject) => {
      const done = (m: FromGateway | Error) => {
        if (!(m instanceof Error) && m.type !== expect && m.type !== 'failed') return;
        clearTimeout(timer);
        this.waiters.delete(done);
        if (m instanceof Error) reject(m);
        else if (m.type === 'failed') reject(new Error(`the gateway failed: ${m.message}`));
        else resolve(m as Reply<T>);
      };
      const timer = setTimeout(
        () => done(new Error(`no "${expect}" from the gateway within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.add(done);
      this.child.send(request);
    });
  }

  /** Resolves once the child exited; kills it (SIGKILL, this child only) when it has not within `timeoutMs`. */
  async waitExit(timeoutMs: number): Promise<void> {
    if (this.exited !== null || this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
      }, timeoutMs);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Kills the child at once (after a failure). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
