// A Modbus TCP PLC (modbus-serial ServerTCP; RTU over TCP in front of it) over a RegisterImage, with the offline /
// slow / exception faults.
import type { PlcDef } from '@zld/plant';
import { ServerTCP, type IServiceVector } from 'modbus-serial';
import { freePort } from '../kernel/free-port.js';
import {
  NO_PROTOCOL_FAULT,
  type PlcEndpoint,
  type PlcServer,
  type PlcServerContext,
  type PlcServerStatus,
  type ProtocolFaultKind,
  type ProtocolFaultState,
  type TagSource,
} from '../kernel/sim-server.js';
import { ILLEGAL_DATA_ADDRESS, ILLEGAL_DATA_VALUE, RegisterImage } from './register-image.js';
import { listenRtuOverTcp } from './rtu-over-tcp-server.js';
import { modbusSettingsOf } from './schema.js';
import type { ModbusTransport } from './transport-schema.js';

type ValueCallback<T> = (err: Error | null, value: T) => void;
type DoneCallback = (err: Error | null) => void;

/** modbus-serial answers an error carrying `modbusErrorCode` with that exception code. */
interface ModbusError extends Error {
  modbusErrorCode: number;
}

const exceptions = new Map<number, ModbusError>();
/** One shared error object per exception code (the server only reads the code). */
function exception(code: number): ModbusError {
  let e = exceptions.get(code);
  if (!e) {
    e = Object.assign(new Error(`Modbus exception ${code}`), { modbusErrorCode: code });
    exceptions.set(code, e);
  }
  return e;
}

/** A listening server: modbus-serial's ServerTCP, or the RTU-over-TCP front with the ServerTCP behind it. */
interface Listening {
  close(cb: () => void): void;
}

interface PendingCoil {
  address: number;
  value: boolean;
  cb: DoneCallback;
}

/**
 * Faults, as a client sees them:
 * - `plc-offline`: connections are accepted and requests read, but nothing is ever answered (as a PLC
 *   whose CPU has stopped behind a live network port): the client times out. Writes are not applied.
 * - `plc-slow`: every reply (data, write confirmation or exception) leaves `slowMs` later.
 * - `modbus-exception`: every request is answered with the exception code and nothing is applied.
 * modbus-serial answers each request after a `setTimeout(0)`; the work per request is a bounds check and
 * a view on the register image (no copy, no allocation per register).
 */
export class ModbusPlcServer implements PlcServer {
  readonly plcId: string;
  readonly protocolFaults: readonly ProtocolFaultKind[] = [
    'plc-offline',
    'plc-slow',
    'modbus-exception',
  ];
  readonly image: RegisterImage;
  private readonly unitId: number;
  /** `rtu-over-tcp` is served as such; a serial PLC (`rtu`) by Modbus TCP (a simulation has no serial line). */
  private readonly framing: ModbusTransport;
  private readonly host: string;
  private readonly requestedPort: number;
  private port = 0;
  private server: Listening | null = null;
  private faults: ProtocolFaultState = NO_PROTOCOL_FAULT;
  private pendingCoils: PendingCoil[] = [];
  private readonly vector: IServiceVector;

  constructor(
    plc: PlcDef,
    private readonly ctx: PlcServerContext,
  ) {
    this.plcId = plc.id;
    const settings = modbusSettingsOf(plc);
    this.unitId = settings.unitId;
    this.framing = settings.transport === 'rtu-over-tcp' ? 'rtu-over-tcp' : 'tcp';
    this.host = ctx.host;
    this.requestedPort = ctx.port;
    this.image = new RegisterImage(plc, ctx.plant.tagsOfPlc(plc.id), (tag, err) =>
      ctx.log(`${plc.id}: the plant gives no value for ${tag} (${String(err)}); it reads 0`),
    );
    this.vector = this.buildVector();
  }

  get endpoint(): PlcEndpoint {
    return {
      plcId: this.plcId,
      protocol: 'modbus',
      host: this.host,
      port: this.port,
      url: `${this.framing === 'tcp' ? 'modbus-tcp' : 'modbus-rtu-tcp'}://${this.host}:${this.port}/${this.unitId}`,
      unitId: this.unitId,
    };
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.refresh();
    for (let attempt = 0; ; attempt++) {
      const port = this.requestedPort === 0 ? await freePort(this.host) : this.requestedPort;
      try {
        this.server =
          this.framing === 'rtu-over-tcp'
            ? await listenRtu(this.vector, this.host, port, this.unitId)
            : await listen(this.vector, this.host, port, this.unitId);
        this.port = port;
        return;
      } catch (err) {
        const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
        if (this.requestedPort !== 0 || !inUse || attempt >= 4)
          throw new Error(`${this.plcId}: cannot listen on ${this.host}:${port}: ${String(err)}`, {
            cause: err,
          });
      }
    }
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  refresh(): void {
    this.image.refresh(this.source);
  }

  async applyFaults(state: ProtocolFaultState): Promise<void> {
    this.faults = state;
  }

  status(): PlcServerStatus {
    return { plcId: this.plcId, listening: this.server !== null, faults: this.faults };
  }

  private get source(): TagSource {
    return this.ctx.source;
  }

  /** Delivers a reply now, or `slowMs` later under `plc-slow`. */
  private reply<T>(cb: ValueCallback<T>, err: Error | null, value: T): void {
    const ms = this.faults.slowMs;
    if (ms > 0) setTimeout(cb, ms, err, value);
    else cb(err, value);
  }

  /** True when a fault has taken the request (it was answered with an exception, or dropped). */
  private faulted<T>(cb: ValueCallback<T>, none: T): boolean {
    const f = this.faults;
    if (f.offline) return true;
    if (f.exceptionCode !== null) {
      this.reply(cb, exception(f.exceptionCode), none);
      return true;
    }
    return false;
  }

  private buildVector(): IServiceVector {
    const readRegs =
      (table: 'holding' | 'input') =>
      (address: number, length: number, _unit: number, cb: ValueCallback<ArrayLike<number>>) => {
        if (this.faulted(cb, EMPTY)) return;
        if (length > MAX_READ_REGISTERS)
          return this.reply(cb, exception(ILLEGAL_DATA_VALUE), EMPTY);
        if (!this.image.inRange(table, address, length))
          return this.reply(cb, exception(ILLEGAL_DATA_ADDRESS), EMPTY);
        this.reply(cb, null, this.image.registers(table, address, length));
      };
    const readReg =
      (table: 'holding' | 'input') =>
      (address: number, _unit: number, cb: ValueCallback<number>) => {
        if (this.faulted(cb, 0)) return;
        if (!this.image.inRange(table, address, 1))
          return this.reply(cb, exception(ILLEGAL_DATA_ADDRESS), 0);
        this.reply(cb, null, this.image.registers(table, address, 1)[0]!);
      };
    const readBit =
      (table: 'coil' | 'discrete') =>
      (address: number, _unit: number, cb: ValueCallback<boolean>) => {
        if (this.faulted(cb, false)) return;
        if (!this.image.inRange(table, address, 1))
          return this.reply(cb, exception(ILLEGAL_DATA_ADDRESS), false);
        this.reply(cb, null, this.image.bit(table, address));
      };
    const writeRegs = (address: number, values: ArrayLike<number>, cb: DoneCallback) => {
      const done: ValueCallback<null> = (err) => cb(err);
      if (this.faulted(done, null)) return;
      const code =
        values.length > MAX_WRITE_REGISTERS
          ? ILLEGAL_DATA_VALUE
          : this.image.writeRegisters(address, values, this.source);
      this.reply(done, code === 0 ? null : exception(code), null);
    };
    // The vector's callback forms (four arguments) let a reply be delayed or withheld.
    return {
      getHoldingRegister: readReg('holding'),
      getInputRegister: readReg('input'),
      getMultipleHoldingRegisters: readRegs('holding'),
      getMultipleInputRegisters: readRegs('input'),
      getCoil: readBit('coil'),
      getDiscreteInput: readBit('discrete'),
      setRegister: (address: number, value: number, _unit: number, cb: DoneCallback) =>
        writeRegs(address, [value], cb),
      setRegisterArray: (address: number, values: number[], _unit: number, cb: DoneCallback) =>
        writeRegs(address, values, cb),
      setCoil: (address: number, value: boolean, _unit: number, cb: DoneCallback) =>
        this.queueCoil(address, value, cb),
    } as IServiceVector;
  }

  /**
   * modbus-serial calls setCoil once per coil of an FC15 request, synchronously within the request's
   * own task; collecting them until the microtask checkpoint applies the request as a whole (or refuses
   * it as a whole when one coil is not a writable tag).
   */
  private queueCoil(address: number, value: boolean, cb: DoneCallback): void {
    const done: ValueCallback<null> = (err) => cb(err);
    if (this.faulted(done, null)) return;
    if (this.pendingCoils.length === 0) queueMicrotask(() => this.flushCoils());
    this.pendingCoils.push({ address, value, cb });
  }

  private flushCoils(): void {
    const batch = this.pendingCoils;
    this.pendingCoils = [];
    const first = batch[0];
    if (!first) return;
    const contiguous = batch.every((p, i) => p.address === first.address + i);
    const code = contiguous
      ? this.image.writeCoils(
          first.address,
          batch.map((p) => p.value),
          this.source,
        )
      : ILLEGAL_DATA_ADDRESS;
    const err = code === 0 ? null : exception(code);
    for (const p of batch) this.reply<null>((e) => p.cb(e), err, null);
  }
}

const EMPTY: ArrayLike<number> = new Uint16Array(0);
/** Protocol limits: FC03/FC04 read at most 125 registers, FC16 writes at most 123. */
const MAX_READ_REGISTERS = 125;
const MAX_WRITE_REGISTERS = 123;

function listen(
  vector: IServiceVector,
  host: string,
  port: number,
  unitID: number,
): Promise<ServerTCP> {
  return new Promise((resolve, reject) => {
    const s = new ServerTCP(vector, { host, port, unitID });
    const onError = (err: Error | null) => {
      s.close(() => undefined);
      reject(err ?? new Error('server error'));
    };
    s.once('serverError', onError);
    s.once('initialized', () => {
      s.off('serverError', onError);
      // A client that resets its connection is not the server's problem.
      s.on('socketError', () => undefined);
      s.on('serverError', () => undefined);
      s.on('error', () => undefined);
      resolve(s);
    });
  });
}

/** RTU over TCP on host:port: a front that relays to a ServerTCP on a free loopback port behind it. */
async function listenRtu(
  vector: IServiceVector,
  host: string,
  port: number,
  unitID: number,
): Promise<Listening> {
  const innerPort = await freePort('127.0.0.1');
  const inner = await listen(vector, '127.0.0.1', innerPort, unitID);
  try {
    const front = await listenRtuOverTcp(host, port, { host: '127.0.0.1', port: innerPort });
    return { close: (cb) => front.close(() => inner.close(cb)) };
  } catch (err) {
    await new Promise<void>((resolve) => inner.close(() => resolve()));
    throw err;
  }
}

export function createModbusServer(plc: PlcDef, ctx: PlcServerContext): PlcServer {
  return new ModbusPlcServer(plc, ctx);
}
