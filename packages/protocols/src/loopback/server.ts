// The simulator's loopback device: answers read and write lines from the plant's values, with offline/slow faults.
import { createServer, type Server, type Socket } from 'node:net';
import type { PlcDef } from '@zld/plant';
import type { Quality } from '@zld/tags';
import {
  NO_PROTOCOL_FAULT,
  type PlcEndpoint,
  type PlcServer,
  type PlcServerContext,
  type PlcServerStatus,
  type ProtocolFaultKind,
  type ProtocolFaultState,
} from '../kernel/sim-server.js';
import { loopbackKeyOf, loopbackSettingsOf } from './schema.js';
import { LineSplitter, parseRequest, type Answer, type Request, type WireValue } from './wire.js';

interface Entry {
  tag: string;
  writable: boolean;
}

export class LoopbackPlcServer implements PlcServer {
  readonly plcId: string;
  readonly protocolFaults: readonly ProtocolFaultKind[] = ['plc-offline', 'plc-slow'];
  private readonly byKey: ReadonlyMap<string, Entry>;
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private port = 0;
  private faults: ProtocolFaultState = NO_PROTOCOL_FAULT;

  constructor(
    plc: PlcDef,
    private readonly ctx: PlcServerContext,
  ) {
    loopbackSettingsOf(plc);
    this.plcId = plc.id;
    this.byKey = new Map(
      ctx.plant
        .tagsOfPlc(plc.id)
        .filter((t) => !t.computed && t.address !== undefined)
        .map((t) => [loopbackKeyOf(t), { tag: t.name, writable: t.writable }] as const),
    );
  }

  get endpoint(): PlcEndpoint {
    const host = this.ctx.host;
    return {
      plcId: this.plcId,
      protocol: 'loopback',
      host,
      port: this.port,
      url: `loopback://${host}:${this.port}`,
    };
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((socket) => this.serve(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) =>
        reject(
          new Error(
            `${this.plcId}: cannot listen on ${this.ctx.host}:${this.ctx.port}: ${err.message}`,
          ),
        ),
      );
      server.listen({ host: this.ctx.host, port: this.ctx.port }, resolve);
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : this.ctx.port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Values are read from the plant when asked: nothing to copy after a step. */
  refresh(): void {}

  async applyFaults(state: ProtocolFaultState): Promise<void> {
    this.faults = state;
  }

  status(): PlcServerStatus {
    return { plcId: this.plcId, listening: this.server !== null, faults: this.faults };
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    const splitter = new LineSplitter((line) => this.answer(socket, line));
    socket.on('data', (chunk: string) => {
      try {
        splitter.push(chunk);
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private answer(socket: Socket, line: string): void {
    if (this.faults.offline) return; // a stopped CPU behind a live port: nothing is answered
    const req = parseRequest(line);
    const answer: Answer =
      typeof req === 'string' ? { id: idOf(line), error: `bad request: ${req}` } : this.handle(req);
    const text = `${JSON.stringify(answer)}\n`;
    if (this.faults.slowMs > 0) setTimeout(() => socket.write(text), this.faults.slowMs);
    else socket.write(text);
  }

  private handle(req: Request): Answer {
    const { source } = this.ctx;
    if (req.op === 'read')
      return {
        id: req.id,
        values: req.keys.map((k): [WireValue, Quality] => {
          const e = this.byKey.get(k);
          if (!e) return [null, 'Bad_ConfigurationError'];
          try {
            const q = source.quality(e.tag);
            return [q.startsWith('Bad') ? null : source.read(e.tag), q];
          } catch {
            return [null, 'Bad_DeviceFailure'];
          }
        }),
      };
    const e = this.byKey.get(req.key);
    if (!e) return { id: req.id, error: `unknown key ${req.key}` };
    if (!e.writable) return { id: req.id, error: `key ${req.key} is read-only` };
    try {
      source.write(e.tag, req.value);
      return { id: req.id, ok: true };
    } catch (err) {
      return { id: req.id, error: (err as Error).message };
    }
  }
}

/** The id of a request that could not be parsed, when one can be found (else 0). */
function idOf(line: string): number {
  const m = /"id"\s*:\s*(\d+)/.exec(line);
  return m ? Number(m[1]) : 0;
}

export function createLoopbackServer(plc: PlcDef, ctx: PlcServerContext): PlcServer {
  return new LoopbackPlcServer(plc, ctx);
}
