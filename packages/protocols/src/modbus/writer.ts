// Modbus writes: FC05 for coils, FC06/FC16 for holding registers, only to whitelisted (writable) addresses.
import type { ModbusTable } from './schema.js';
import { DriverError, type WriteResult } from '../kernel/driver.js';
import type { DriverStats } from '../kernel/stats.js';
import { checkWriteValue, type TagPoint } from '../kernel/tag-point.js';
import type { ModbusChannel } from './connection.js';
import { classifyModbusError, exceptionName, writeExceptionRule } from './exceptions.js';
import { modbusAddressOf } from './schema.js';

/** Tables a write may target; discrete inputs and input registers are read-only in Modbus. */
const WRITABLE_TABLES: ReadonlySet<ModbusTable> = new Set(['coil', 'holding']);

const BUSY_RETRY_MS = 100;

const whitelistKey = (table: ModbusTable, address: number): string => `${table}:${address}`;

export class ModbusWriter {
  /** `table:address` of every writable tag: no write function code goes anywhere else. */
  private readonly whitelist: ReadonlySet<string>;

  constructor(
    points: readonly TagPoint[],
    private readonly conn: ModbusChannel,
    private readonly stats: DriverStats,
  ) {
    this.whitelist = new Set(
      points
        .filter((p) => p.tag.writable && WRITABLE_TABLES.has(modbusAddressOf(p.tag).table))
        .map((p) => {
          const a = modbusAddressOf(p.tag);
          return whitelistKey(a.table, a.address);
        }),
    );
  }

  /** Refuses a write the whitelist or the tag's type does not allow; answers the value to send. */
  check(p: TagPoint, value: number | boolean): number | boolean {
    const { table, address } = modbusAddressOf(p.tag);
    if (!p.tag.writable || !this.whitelist.has(whitelistKey(table, address))) {
      throw new DriverError('NOT_WRITABLE', `${p.tag.name} is not writable`);
    }
    return checkWriteValue(p, value);
  }

  /**
   * Writes one tag. Resolves Good, or Good_WritePending when the device acknowledges (0x05); throws a
   * DriverError for a refusal or an exception answer, and the raw error for a timeout or a lost link.
   */
  async write(p: TagPoint, value: number | boolean): Promise<WriteResult> {
    const checked = this.check(p, value);
    const { table, address } = modbusAddressOf(p.tag);
    const send = (): Promise<unknown> => {
      this.stats.raw.requests++;
      this.stats.raw.writes++;
      if (table === 'coil')
        return this.conn.request((c) => c.writeCoil(address, checked === true), true);
      const regs = p.codec.encode(checked);
      if (regs.length === 1)
        return this.conn.request((c) => c.writeRegister(address, regs[0] ?? 0), true);
      return this.conn.request((c) => c.writeRegisters(address, regs), true);
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await send();
        return { name: p.tag.name, value, quality: 'Good' };
      } catch (err) {
        const f = classifyModbusError(err);
        if (f.kind !== 'exception') throw err;
        this.stats.exception(exceptionName(f.code));
        const rule = writeExceptionRule(f.code);
        if (rule.action === 'pending') return { name: p.tag.name, value, quality: rule.quality };
        if (rule.action === 'busy' && attempt === 0) {
          await new Promise((r) => setTimeout(r, BUSY_RETRY_MS));
          continue;
        }
        const why =
          rule.action === 'rejected'
            ? `the device refused the value (exception ${exceptionName(f.code)})`
            : `exception ${exceptionName(f.code)}: ${f.message}`;
        throw new DriverError(
          'DEVICE',
          `write ${p.tag.name}: ${why}`,
          rule.quality === 'Uncertain_LastUsableValue' ? 'Bad_DeviceFailure' : rule.quality,
        );
      }
    }
  }
}
