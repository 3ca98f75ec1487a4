// One simulated PLC's protocol server: the shape every protocol's server has, and where a PLC listens.
import type { PlcDef, Plant } from '@zld/plant';
import type { ProtocolFaultTarget } from '../runtime/fault-book.js';
import type { ProtocolFaultState } from '../runtime/faults.js';
import type { TagSource } from '../runtime/sim-runner.js';

export type PlcProtocol = 'modbus' | 'opcua';

/** Where a simulated PLC listens. */
export interface PlcEndpoint {
  plcId: string;
  protocol: PlcProtocol;
  host: string;
  port: number;
  /** `modbus-tcp://127.0.0.1:5020/1` (unit id last) or the OPC UA endpoint URL. */
  url: string;
  /** Modbus unit id. */
  unitId?: number;
  /** OPC UA namespace URI of the PLC's nodes. */
  namespaceUri?: string;
}

export interface PlcServerStatus {
  plcId: string;
  /** True while the server accepts connections (an OPC UA PLC stops listening while offline). */
  listening: boolean;
  faults: ProtocolFaultState;
}

export interface PlcServer extends ProtocolFaultTarget {
  readonly endpoint: PlcEndpoint;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Reads the PLC's image from the plant (called after every simulation step). */
  refresh(): void;
  status(): PlcServerStatus;
}

export interface PlcServerContext {
  plant: Plant;
  source: TagSource;
  host: string;
  /** 0: any free port. */
  port: number;
  /** Per-run folder for certificates (OPC UA). */
  pkiDir: string;
  log: (message: string) => void;
}

export type PlcServerFactory = (plc: PlcDef, ctx: PlcServerContext) => PlcServer;

/** The protocol of a PLC definition (a PLC has exactly one protocol block). */
export function protocolOf(plc: PlcDef): PlcProtocol {
  return plc.modbus ? 'modbus' : 'opcua';
}

/** The port the plant file gives a PLC. */
export function configuredPort(plc: PlcDef): number {
  if (plc.modbus) return plc.modbus.port;
  const m = /:(\d+)(?:\/|$)/.exec(plc.opcua?.endpointUrl.replace(/^opc\.tcp:\/\//, '') ?? '');
  return m ? Number(m[1]) : 4840;
}
