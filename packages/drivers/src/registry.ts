// Chooses a driver by the protocol block a PLC definition carries (`modbus`, `opcua`, ...): register, don't switch.
import type { PlcDef } from '@zld/plant';
import type { Driver, DriverFactory, DriverOptions } from './driver.js';

/** A protocol name is the key of the PLC definition's block that configures it. */
export type Protocol = string;

export class DriverRegistry {
  private readonly factories = new Map<Protocol, DriverFactory>();

  /** Registers (or replaces) the factory for PLCs that carry a block named `protocol`. */
  register(protocol: Protocol, factory: DriverFactory): this {
    this.factories.set(protocol, factory);
    return this;
  }

  protocols(): Protocol[] {
    return [...this.factories.keys()];
  }

  /** The protocol of a PLC: the one registered block it carries. Throws if none or several. */
  protocolOf(plc: PlcDef): Protocol {
    const found = this.protocols().filter((p) => (plc as Record<string, unknown>)[p] !== undefined);
    if (found.length === 1 && found[0] !== undefined) return found[0];
    const known = this.protocols().join(', ') || 'none';
    throw new Error(
      found.length === 0
        ? `${plc.id}: no registered driver for this PLC (registered protocols: ${known})`
        : `${plc.id}: configures several protocols (${found.join(', ')}); a PLC needs exactly one`,
    );
  }

  create(plc: PlcDef, options: DriverOptions): Driver {
    const factory = this.factories.get(this.protocolOf(plc));
    if (!factory) throw new Error(`${plc.id}: no driver factory`);
    return factory(plc, options);
  }
}
