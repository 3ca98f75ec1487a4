// Looks protocol modules up by the protocol a PLC names: register, don't switch.
import type { PlcDef } from '@zld/plant';
import type { Driver, DriverOptions } from './driver.js';
import type { AnyProtocolModule, EndpointOverride } from './protocol-module.js';
import type { PlcServer, PlcServerContext } from './sim-server.js';

export class ProtocolRegistry {
  private readonly byId: ReadonlyMap<string, AnyProtocolModule>;

  constructor(readonly modules: readonly AnyProtocolModule[]) {
    const byId = new Map<string, AnyProtocolModule>();
    for (const m of modules) {
      if (byId.has(m.id)) throw new Error(`protocol "${m.id}" is registered twice`);
      byId.set(m.id, m);
    }
    this.byId = byId;
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** The module of a protocol id, if registered. */
  get(id: string): AnyProtocolModule | undefined {
    return this.byId.get(id);
  }

  /** The module of a PLC's protocol; throws when none is registered. */
  of(plc: PlcDef): AnyProtocolModule {
    const m = this.byId.get(plc.protocol);
    if (m) return m;
    throw new Error(
      `${plc.id}: no protocol module "${plc.protocol}" (registered: ${this.ids().join(', ') || 'none'})`,
    );
  }

  createDriver(plc: PlcDef, options: DriverOptions): Driver {
    return this.of(plc).createDriver(plc, options);
  }

  createServer(plc: PlcDef, ctx: PlcServerContext): PlcServer {
    return this.of(plc).createServer(plc, ctx);
  }

  /** The port the plant file gives a PLC. */
  portOf(plc: PlcDef): number {
    return this.of(plc).portOf(plc.settings);
  }

  /** The PLC moved to another endpoint, or a plain reason why its protocol cannot take it. */
  withEndpoint(plc: PlcDef, endpoint: EndpointOverride): PlcDef | string {
    const moved: unknown = this.of(plc).withEndpoint(plc.settings, endpoint);
    if (typeof moved === 'string') return moved;
    return { ...plc, settings: moved as PlcDef['settings'] };
  }
}
