// The CRC of Modbus RTU frames (CRC-16/MODBUS: polynomial 0xA001 reflected, initial 0xFFFF), pure.

export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** The frame with its CRC appended (low byte first, as RTU sends it). */
export function withCrc(frame: Uint8Array): Buffer {
  const out = Buffer.alloc(frame.length + 2);
  out.set(frame);
  out.writeUInt16LE(crc16(frame), frame.length);
  return out;
}

/** True when the frame's last two bytes are the CRC of the rest. */
export function crcOk(frame: Buffer): boolean {
  return frame.length >= 4 && frame.readUInt16LE(frame.length - 2) === crc16(frame.subarray(0, -2));
}
