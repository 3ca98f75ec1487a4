// A PLC stand-in for command tests: records writes, holds what was written and answers read-backs from it.
import type { Quality } from '@zld/tags';
import type { PlcPort, PortSample } from './plc-port.js';

export type ReadMode = 'answer' | 'hang' | 'fail';

export class RecordingPort implements PlcPort {
  readonly writes: { tag: string; value: number | boolean }[] = [];
  readonly held = new Map<string, number | boolean>();
  reads = 0;
  demoted = false;
  readMode: ReadMode = 'answer';
  readQuality: Quality = 'Good';
  /** Thrown by the next writes when set (a timeout, a Modbus exception...). */
  writeError: Error | null = null;
  /** What the PLC keeps of a written value: by default the value; undefined keeps the old one. */
  apply: (tag: string, value: number | boolean) => number | boolean | undefined = (_t, v) => v;

  async write(tag: string, value: number | boolean): Promise<{ name: string; quality: Quality }> {
    if (this.writeError) throw this.writeError;
    this.writes.push({ tag, value });
    const kept = this.apply(tag, value);
    if (kept !== undefined) this.held.set(tag, kept);
    return { name: tag, quality: 'Good' };
  }

  read(tags: readonly string[]): Promise<PortSample[]> {
    this.reads++;
    if (this.readMode === 'hang') return new Promise<PortSample[]>(() => {});
    if (this.readMode === 'fail')
      return Promise.reject(Object.assign(new Error('socket closed'), { code: 'NOT_CONNECTED' }));
    return Promise.resolve(
      tags.map((name) => {
        const v = this.held.get(name);
        return v === undefined
          ? { name, value: null, quality: 'Bad_NoCommunication' as Quality }
          : { name, value: v, quality: this.readQuality };
      }),
    );
  }

  status(): { demoted: boolean } {
    return { demoted: this.demoted };
  }
}
