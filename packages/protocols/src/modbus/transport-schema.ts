// How a Modbus PLC is reached: TCP, RTU frames over TCP, or RTU on a serial line; its settings and serial timing (pure).
import { z } from 'zod';

export const MODBUS_TRANSPORTS = ['tcp', 'rtu-over-tcp', 'rtu'] as const;
export type ModbusTransport = (typeof MODBUS_TRANSPORTS)[number];

/** Baud rates a serial line may run at (the usual ones of Modbus devices and RS-485 adapters). */
export const BAUD_RATES = [
  1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400, 460800, 921600,
] as const;

export const serialLine = z
  .object({
    /** The serial device, e.g. `/dev/ttyUSB0` or `/dev/serial/by-id/...`. */
    path: z.string().min(1),
    baudRate: z
      .number()
      .int()
      .refine((b) => (BAUD_RATES as readonly number[]).includes(b), {
        message: `baudRate must be one of ${BAUD_RATES.join(', ')}`,
      }),
    /** The Modbus serial-line standard's default is even parity. */
    parity: z.enum(['none', 'even', 'odd']).default('even'),
    /** RTU sends 8 data bits. */
    dataBits: z.literal(8, { message: 'Modbus RTU sends 8 data bits' }).default(8),
    stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  })
  .strict();

export type SerialLine = z.output<typeof serialLine>;

/** Where the driver connects: a TCP endpoint (Modbus TCP or RTU frames over TCP) or a serial line. */
export type ModbusEndpoint =
  | { transport: 'tcp' | 'rtu-over-tcp'; host: string; port: number }
  | { transport: 'rtu'; serial: SerialLine };

/** Bits on the wire per character: start bit, 8 data bits, parity bit if any, stop bits. */
export function bitsPerChar(line: SerialLine): number {
  return 1 + line.dataBits + (line.parity === 'none' ? 0 : 1) + line.stopBits;
}

/** Milliseconds one character takes on the line. */
export function charTimeMs(line: SerialLine): number {
  return (bitsPerChar(line) * 1000) / line.baudRate;
}

/**
 * The silence between two frames (t3.5 of the Modbus serial-line standard): 3.5 characters, and a fixed
 * 1.75 ms above 19200 baud; rounded up to whole milliseconds (the resolution of the timers).
 */
export function interFrameGapMs(line: SerialLine): number {
  const t35 = line.baudRate > 19200 ? 1.75 : 3.5 * charTimeMs(line);
  return Math.ceil(t35);
}

/** Milliseconds an RTU frame of `bytes` takes on the line. */
export function frameTimeMs(line: SerialLine, bytes: number): number {
  return bytes * charTimeMs(line);
}

/** The longest read answer in bytes: unit, function, count, data, CRC. */
export function longestAnswerBytes(maxRegistersPerRead: number, maxBitsPerRead: number): number {
  return 5 + Math.max(2 * maxRegistersPerRead, Math.ceil(maxBitsPerRead / 8));
}

export function describeLine(line: SerialLine): string {
  return `${line.path} ${line.baudRate} ${line.dataBits}${line.parity[0]?.toUpperCase() ?? ''}${line.stopBits}`;
}

/**
 * What every PLC on one serial line must agree on: the line's settings, the request timeout and the
 * inter-frame delay (one connection serves them all).
 */
export function lineAgreement(
  line: SerialLine,
  timeoutMs: number,
  interFrameDelayMs: number | undefined,
): string {
  const gap = interFrameDelayMs === undefined ? '' : `, inter-frame delay ${interFrameDelayMs} ms`;
  return `${describeLine(line)}, timeout ${timeoutMs} ms${gap}`;
}
