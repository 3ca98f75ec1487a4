// Test helper: a lean, real Modbus TCP server (modbus-serial ServerTCP) over plain register tables, with faults.
import ModbusSerial from 'modbus-serial';
import { freePort } from '../kernel/free-port.js';

type Cb<T> = (err: Error | null, value: T) => void;

export interface ModbusTestServer {
  readonly port: number;
  readonly holding: Uint16Array;
  readonly input: Uint16Array;
  readonly coils: Uint8Array;
  readonly discrete: Uint8Array;
  /** Requests received, by function code. */
  readonly requests: Record<number, number>;
  /** Write requests received, in order: [fc, address, values]. */
  readonly writes: [number, number, number[]][];
  /** Most requests ever waiting for an answer at once (the driver must never stack them). */
  maxConcurrent: number;
  /** Stop answering (the TCP connection stays up). */
  silent: boolean;
  /** Milliseconds added before every answer. */
  delayMs: number;
  /** Answer this exception code instead of data (`fc` -> code), or `all` for every request. */
  exceptions: Map<number | 'all', number>;
  close(): Promise<void>;
}

export async function startModbusServer(port?: number): Promise<ModbusTestServer> {
  const listenPort = port ?? (await freePort());
  let request: { answered: boolean } | null = null;
  let open = 0;
  const state: Omit<ModbusTestServer, 'close'> = {
    port: listenPort,
    holding: new Uint16Array(65536),
    input: new Uint16Array(65536),
    coils: new Uint8Array(65536),
    discrete: new Uint8Array(65536),
    requests: {},
    writes: [],
    maxConcurrent: 0,
    silent: false,
    delayMs: 0,
    exceptions: new Map(),
  };

  /**
   * The handlers call the vector once per register or bit of one request, synchronously, each request
   * in its own task: the first call of a task marks a new request.
   */
  function answer<T>(fc: number, value: () => T, fallback: T, cb: Cb<T>): void {
    if (request === null) {
      request = { answered: false };
      state.requests[fc] = (state.requests[fc] ?? 0) + 1;
      open++;
      state.maxConcurrent = Math.max(state.maxConcurrent, open);
      queueMicrotask(() => {
        request = null;
      });
    }
    if (state.silent) return; // never answered: the client times out
    const code = state.exceptions.get(fc) ?? state.exceptions.get('all');
    const r = request;
    const reply = (): void => {
      if (!r.answered) {
        r.answered = true;
        open--;
      }
      return code === undefined
        ? cb(null, value())
        : cb(Object.assign(new Error(`exception ${code}`), { modbusErrorCode: code }), fallback);
    };
    if (state.delayMs > 0) setTimeout(reply, state.delayMs);
    else reply();
  }

  const regs = (table: Uint16Array, a: number, n: number): number[] =>
    Array.from(table.subarray(a, a + n));
  const vector = {
    getCoil: (a: number, _u: number, cb: Cb<boolean>) =>
      answer(1, () => state.coils[a] === 1, false, cb),
    getDiscreteInput: (a: number, _u: number, cb: Cb<boolean>) =>
      answer(2, () => state.discrete[a] === 1, false, cb),
    getHoldingRegister: (a: number, _u: number, cb: Cb<number>) =>
      answer(3, () => state.holding[a] ?? 0, 0, cb),
    getMultipleHoldingRegisters: (a: number, n: number, _u: number, cb: Cb<number[]>) =>
      answer(3, () => regs(state.holding, a, n), new Array<number>(n).fill(0), cb),
    getInputRegister: (a: number, _u: number, cb: Cb<number>) =>
      answer(4, () => state.input[a] ?? 0, 0, cb),
    getMultipleInputRegisters: (a: number, n: number, _u: number, cb: Cb<number[]>) =>
      answer(4, () => regs(state.input, a, n), new Array<number>(n).fill(0), cb),
    setCoil: (a: number, v: boolean, _u: number, cb: (err: Error | null) => void) =>
      answer(
        5,
        () => {
          state.coils[a] = v ? 1 : 0;
          state.writes.push([5, a, [v ? 1 : 0]]);
        },
        undefined,
        cb,
      ),
    setRegister: (a: number, v: number, _u: number, cb: (err: Error | null) => void) =>
      answer(
        6,
        () => {
          state.holding[a] = v;
          state.writes.push([6, a, [v]]);
        },
        undefined,
        cb,
      ),
    setRegisterArray: (a: number, v: number[], _u: number, cb: (err: Error | null) => void) =>
      answer(
        16,
        () => {
          state.holding.set(v, a);
          state.writes.push([16, a, v]);
        },
        undefined,
        cb,
      ),
  };

  const server = new ModbusSerial.ServerTCP(vector, {
    host: '127.0.0.1',
    port: listenPort,
    unitID: 1,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('initialized', () => resolve());
    server.once('serverError', (e: unknown) =>
      reject(e instanceof Error ? e : new Error(String(e))),
    );
  });
  return Object.assign(state, {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
