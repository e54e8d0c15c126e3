// A stand-in adb server on a loopback port: the host side of adb's smart-socket protocol, phones answered from tables.
import { createServer, type Server, type Socket } from 'node:net';

export interface FakePhone {
  serial: string;
  /** adb state, e.g. `device`, `unauthorized`. */
  state: string;
  /** Shell command → its output. */
  answers: Readonly<Record<string, string>>;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

export class FakeAdbServer {
  /** Every request received, e.g. `host:devices`, `host:transport:a1b2`, `shell:getprop`. */
  readonly requests: string[] = [];
  readonly #phones: readonly FakePhone[];
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  constructor(phones: readonly FakePhone[]) {
    this.#phones = phones;
    this.#server = createServer((socket) => this.#serve(socket));
  }

  /** Listens on a free loopback port and returns it. */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        const address = this.#server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }

  stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #serve(socket: Socket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    let phone: FakePhone | undefined;
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 4) {
        const length = Number.parseInt(buffer.subarray(0, 4).toString('ascii'), 16);
        if (buffer.length < 4 + length) return;
        const request = buffer.subarray(4, 4 + length).toString('utf8');
        buffer = buffer.subarray(4 + length);
        this.requests.push(request);
        phone = this.#answer(socket, request, phone);
      }
    });
  }

  #answer(socket: Socket, request: string, phone: FakePhone | undefined): FakePhone | undefined {
    const fail = (message: string) =>
      socket.end(`FAIL${hex4(Buffer.byteLength(message))}${message}`);
    if (request === 'host:devices') {
      const list = this.#phones.map((p) => `${p.serial}\t${p.state}\n`).join('');
      socket.end(`OKAY${hex4(Buffer.byteLength(list))}${list}`);
      return undefined;
    }
    if (request.startsWith('host:transport:')) {
      const serial = request.slice('host:transport:'.length);
      const found = this.#phones.find((p) => p.serial === serial);
      if (!found) fail(`device '${serial}' not found`);
      else if (found.state !== 'device') fail(`device ${found.state}`);
      else socket.write('OKAY');
      return found;
    }
    if (request.startsWith('shell:') && phone) {
      const command = request.slice('shell:'.length);
      socket.end(`OKAY${phone.answers[command] ?? `/system/bin/sh: ${command}: not found\n`}`);
      return phone;
    }
    fail(`unknown request ${request}`);
    return phone;
  }
}
