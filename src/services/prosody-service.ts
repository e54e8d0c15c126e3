// The lab messenger server: a private Prosody (Debian) with a generated config on loopback ports, data in a temp dir, accounts provisioned at start.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../doctor/run-command.ts';
import { InputError, MissingDependencyError, ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { freePort } from './free-port.ts';
import { OwnedProcess } from './owned-process.ts';

const log = logger('prosody-service');

/** The lab's XMPP domain; it never leaves loopback. */
export const LAB_XMPP_DOMAIN = 'lab.censorwatch.test';
const START_TIMEOUT_MS = 20 * 1000;
const REGISTER_TIMEOUT_MS = 30 * 1000;
/** XMPP localparts the lab uses: lowercase letters, digits, `-`, `_` and `.`. */
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MISSING =
  'Prosody is not installed: install the Debian package `prosody` (sudo apt-get install -y prosody) or run `censorwatch bootstrap`';

export interface XmppAccount {
  /** Localpart, e.g. `lab-mi10t-eu-v12-5-4` or `peer`. */
  username: string;
  /** Bare JID, e.g. `peer@lab.censorwatch.test`. */
  jid: string;
  password: string;
}

export interface ProsodyEndpoints {
  domain: string;
  /** For a TCP client such as the peer bot: `xmpp://127.0.0.1:<c2s port>`. */
  xmppUrl: string;
  /** For a web client such as Converse.js: `ws://127.0.0.1:<http port>/xmpp-websocket`. */
  websocketUrl: string;
}

export interface ProsodyServiceOptions {
  /** Localparts to provision; all of them share one roster group, so each sees the others. */
  accounts: readonly string[];
  /** @defaultValue LAB_XMPP_DOMAIN */
  domain?: string;
  /** @defaultValue `prosody` on PATH */
  prosodyCommand?: string;
  /** @defaultValue `prosodyctl` on PATH */
  prosodyctlCommand?: string;
}

/** Prosody's config, in the service's own folder. */
const CONFIG_FILE = 'prosody.cfg.lua';

export class ProsodyService {
  readonly #options: ProsodyServiceOptions;
  readonly #accounts = new Map<string, XmppAccount>();
  #server: OwnedProcess | undefined;
  #dir: string | undefined;
  #endpoints: ProsodyEndpoints | undefined;

  constructor(options: ProsodyServiceOptions) {
    for (const [index, name] of options.accounts.entries()) {
      if (!ACCOUNT_NAME.test(name)) {
        throw new InputError(
          'E_CONFIG',
          `lab messenger account ${JSON.stringify(name)} is not a valid XMPP localpart (lowercase letters, digits, . _ -)`,
          { field: `accounts[${index}]` },
        );
      }
    }
    this.#options = options;
  }

  get endpoints(): ProsodyEndpoints {
    if (!this.#endpoints) throw new ServiceError('the lab messenger server is not started');
    return this.#endpoints;
  }

  /** Pid of the Prosody process, once started. */
  get pid(): number | undefined {
    return this.#server?.pid;
  }

  /** A provisioned account; throws when `username` was not provisioned. */
  account(username: string): XmppAccount {
    const account = this.#accounts.get(username);
    if (!account) {
      throw new ServiceError(
        `no lab messenger account "${username}"; provisioned: ${[...this.#accounts.keys()].join(', ')}`,
      );
    }
    return account;
  }

  /**
   * Writes a config into a fresh temp dir, registers the accounts and starts Prosody in the
   * foreground as a child of this process.
   * @throws MissingDependencyError naming the Debian package when Prosody is not installed
   */
  async start(): Promise<ProsodyEndpoints> {
    if (this.#endpoints) return this.#endpoints;
    const domain = this.#options.domain ?? LAB_XMPP_DOMAIN;
    const dir = await mkdtemp(join(tmpdir(), 'censorwatch-prosody-'));
    this.#dir = dir;
    try {
      const [c2sPort, httpPort] = await twoFreePorts();
      const configFile = join(dir, CONFIG_FILE);
      await mkdir(join(dir, 'data'));
      await mkdir(join(dir, 'certs'));
      const jids = this.#options.accounts.map((name) => `${name}@${domain}`);
      await writeFile(join(dir, 'groups.txt'), `[lab]\n${jids.map((j) => `${j}\n`).join('')}`);
      await writeFile(configFile, prosodyConfig({ dir, domain, c2sPort, httpPort }));
      for (const username of this.#options.accounts) {
        const password = randomBytes(12).toString('hex');
        await this.#register(configFile, username, domain, password);
        this.#accounts.set(username, { username, jid: `${username}@${domain}`, password });
      }
      const server = await this.#launch(configFile, c2sPort);
      this.#server = server;
      this.#endpoints = {
        domain,
        xmppUrl: `xmpp://127.0.0.1:${c2sPort}`,
        websocketUrl: `ws://127.0.0.1:${httpPort}/xmpp-websocket`,
      };
      log.info(
        { ...this.#endpoints, pid: server.pid, accounts: this.#accounts.size },
        'lab messenger server started',
      );
      return this.#endpoints;
    } catch (error) {
      await this.stop();
      if (error instanceof MissingDependencyError) {
        throw new MissingDependencyError(MISSING, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Stops Prosody (SIGTERM: it closes every stream) and starts it again on the same ports, data
   * and accounts: the fault storm's Prosody restart. Clients must log in again.
   * @throws ServiceError when it was not started
   */
  async restart(): Promise<void> {
    const server = this.#server;
    const dir = this.#dir;
    const endpoints = this.#endpoints;
    if (!server || !dir || !endpoints)
      throw new ServiceError('the lab messenger server is not started');
    this.#server = undefined;
    await server.stop();
    this.#server = await this.#launch(
      join(dir, CONFIG_FILE),
      Number(new URL(endpoints.xmppUrl).port),
    );
    log.info({ pid: this.#server.pid }, 'lab messenger server restarted');
  }

  /** Starts Prosody in the foreground on its config; ready once it accepts XMPP on `c2sPort`. */
  async #launch(configFile: string, c2sPort: number): Promise<OwnedProcess> {
    const server = new OwnedProcess({
      name: 'prosody',
      command: this.#options.prosodyCommand ?? 'prosody',
      args: ['-F', '--config', configFile],
      isReady: () => acceptsTcp(c2sPort),
      readyTimeoutMs: START_TIMEOUT_MS,
    });
    await server.start();
    return server;
  }

  /** Stops Prosody and removes its data. */
  async stop(): Promise<void> {
    const server = this.#server;
    const dir = this.#dir;
    this.#server = undefined;
    this.#dir = undefined;
    this.#endpoints = undefined;
    this.#accounts.clear();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  async #register(
    configFile: string,
    username: string,
    domain: string,
    password: string,
  ): Promise<void> {
    const command = this.#options.prosodyctlCommand ?? 'prosodyctl';
    const result = await runCommand(
      command,
      ['--config', configFile, 'register', username, domain, password],
      { timeoutMs: REGISTER_TIMEOUT_MS },
    );
    if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new MissingDependencyError(MISSING);
    }
    if (result.code !== 0) {
      // the password is an argument: never echo the command line
      throw new ServiceError(
        `prosodyctl could not register the lab account ${username}@${domain} (exit ${result.code}): ${lastLines(result.stderr || result.stdout)}`,
      );
    }
  }
}

/** A Lua string literal. */
function lua(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

function prosodyConfig(o: {
  dir: string;
  domain: string;
  c2sPort: number;
  httpPort: number;
}): string {
  const isRoot = process.getuid?.() === 0;
  return `-- Generated by censorwatch for one lab run; loopback only, no TLS, no federation.
${isRoot ? '-- Prosody refuses root without this; the lab runs it as a child with its own data dir.\nrun_as_root = true\n' : ''}pidfile = ${lua(join(o.dir, 'prosody.pid'))}
data_path = ${lua(join(o.dir, 'data'))}
certificates = ${lua(join(o.dir, 'certs'))}
log = { info = ${lua(join(o.dir, 'prosody.log'))}; error = "*console" }
interfaces = { "127.0.0.1" }
c2s_ports = { ${o.c2sPort} }
c2s_direct_tls_ports = {}
legacy_ssl_ports = {}
s2s_ports = {}
http_ports = { ${o.httpPort} }
http_interfaces = { "127.0.0.1" }
https_ports = {}
https_interfaces = {}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_websocket_secure = true
cross_domain_websocket = true
-- no "mam": an archive would replay old probes into every opened chat (and slows opening it)
modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "websocket"; "carbons"; "groups" }
modules_disabled = { "s2s"; "tls" }
groups_file = ${lua(join(o.dir, 'groups.txt'))}
VirtualHost ${lua(o.domain)}
`;
}

async function twoFreePorts(): Promise<[number, number]> {
  const first = await freePort();
  let second = await freePort();
  while (second === first) second = await freePort();
  return [first, second];
}

function acceptsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function lastLines(text: string, count = 5): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}
