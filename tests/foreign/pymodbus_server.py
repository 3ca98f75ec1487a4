"""A Modbus server built on pymodbus (3.0), for tests of the gateway against a device it did not write.

Serves one or more unit ids over TCP (Modbus TCP or RTU framing) or a serial line (RTU), with register
and coil values given as JSON on the command line and encoded by pymodbus itself:

    {"byteOrder": "big", "wordOrder": "big",
     "units": {"1": [{"table": "holding", "address": 0, "type": "float32", "value": 1.5}, ...]}}

tables: holding, input, coil, discrete; types: float32, int16, uint16, int32, uint32, bool.

Prints, each on one flushed line on stdout:
    HOLDS {"1": {"holding:0": 1.5, ...}}   the values as the server holds them, read back through pymodbus
    READY <port>                           listening (TCP) or the serial port open (port 0)
Exits on SIGTERM, SIGINT or when stdin closes (the test runner went away).
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import sys

from pymodbus.constants import Endian
from pymodbus.datastore import (
    ModbusSequentialDataBlock,
    ModbusServerContext,
    ModbusSlaveContext,
)
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.framer.socket_framer import ModbusSocketFramer
from pymodbus.payload import BinaryPayloadBuilder, BinaryPayloadDecoder
from pymodbus.server.async_io import ModbusSerialServer, ModbusTcpServer

FC = {"coil": 1, "discrete": 2, "holding": 3, "input": 4}
WIDTH = {"float32": 2, "int16": 1, "uint16": 1, "int32": 2, "uint32": 2}
ADD = {
    "float32": "add_32bit_float",
    "int16": "add_16bit_int",
    "uint16": "add_16bit_uint",
    "int32": "add_32bit_int",
    "uint32": "add_32bit_uint",
}
DECODE = {
    "float32": "decode_32bit_float",
    "int16": "decode_16bit_int",
    "uint16": "decode_16bit_uint",
    "int32": "decode_32bit_int",
    "uint32": "decode_32bit_uint",
}


def endian(name):
    return Endian.Big if name == "big" else Endian.Little


def unit_context(entries, byteorder, wordorder):
    """A slave context (zero-based addresses) holding the entries, and what it holds read back."""
    blocks = {t: ModbusSequentialDataBlock(0, [0] * 65536) for t in ("co", "di", "hr", "ir")}
    ctx = ModbusSlaveContext(**blocks, zero_mode=True)
    held = {}
    for e in entries:
        fc, addr, kind = FC[e["table"]], e["address"], e["type"]
        if kind == "bool":
            ctx.setValues(fc, addr, [bool(e["value"])])
            held[f'{e["table"]}:{addr}'] = bool(ctx.getValues(fc, addr, 1)[0])
            continue
        builder = BinaryPayloadBuilder(byteorder=byteorder, wordorder=wordorder)
        getattr(builder, ADD[kind])(e["value"])
        ctx.setValues(fc, addr, builder.to_registers())
        regs = ctx.getValues(fc, addr, WIDTH[kind])
        decoder = BinaryPayloadDecoder.fromRegisters(regs, byteorder=byteorder, wordorder=wordorder)
        held[f'{e["table"]}:{addr}'] = getattr(decoder, DECODE[kind])()
    return ctx, held


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def main(args):
    # A client going away is not this script's business: only its own failures are reported.
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    image = json.loads(args.image)
    byteorder = endian(image.get("byteOrder", "big"))
    wordorder = endian(image.get("wordOrder", "big"))
    slaves, holds = {}, {}
    for unit, entries in image["units"].items():
        slaves[int(unit)], holds[unit] = unit_context(entries, byteorder, wordorder)
    context = ModbusServerContext(slaves=slaves, single=False)

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    def on_stdin():
        if not os.read(sys.stdin.fileno(), 4096):
            loop.remove_reader(sys.stdin.fileno())
            stop.set()

    loop.add_reader(sys.stdin.fileno(), on_stdin)

    # A unit id nobody serves gets no answer, as on a serial bus (the client times out).
    if args.serial:
        server = ModbusSerialServer(
            context,
            framer=ModbusRtuFramer,
            port=args.serial,
            baudrate=args.baudrate,
            parity=args.parity,
            bytesize=args.bytesize,
            stopbits=args.stopbits,
            ignore_missing_slaves=True,
        )
        await server.start()
        if server.transport is None:
            raise SystemExit(f"could not open {args.serial}")
        task = None
        port = 0
    else:
        framer = ModbusRtuFramer if args.framer == "rtu" else ModbusSocketFramer
        server = ModbusTcpServer(
            context,
            framer=framer,
            address=("127.0.0.1", args.port),
            allow_reuse_address=True,
            ignore_missing_slaves=True,
        )
        task = asyncio.create_task(server.serve_forever())
        await server.serving
        port = server.server.sockets[0].getsockname()[1]

    say("HOLDS " + json.dumps(holds))
    say(f"READY {port}")
    await stop.wait()
    await server.shutdown()
    if task is not None:
        task.cancel()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", required=True, help="the values to serve, JSON")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free)")
    parser.add_argument("--framer", choices=["socket", "rtu"], default="socket")
    parser.add_argument("--serial", help="serve RTU on this serial device instead of TCP")
    parser.add_argument("--baudrate", type=int, default=19200)
    parser.add_argument("--parity", choices=["N", "E", "O"], default="N")
    parser.add_argument("--bytesize", type=int, default=8)
    parser.add_argument("--stopbits", type=int, default=1)
    asyncio.run(main(parser.parse_args()))
