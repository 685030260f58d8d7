// Every way of logging in, against a real sshd: PEM and OpenSSH keys, encrypted keys, ssh-agent, password.
// A second sshd on node3 (port 2222) allows passwords and reads its own authorized_keys; the sandbox's sshd stays as it is.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshConnection, type SshOptions } from '../../src/connection/ssh.js';
import { hostInfo, sshCheck, startExtraSshd, type ExtraSshd } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const PASSPHRASE = 'correct horse 42';
const USER_PASSWORD = 'pat-pw-7731';
const work = makeTempDir('cp-e2e-auth-');
let sshd: ExtraSshd;
const opened: SshConnection[] = [];

/** A key made by ssh-keygen; its public half is authorized on the extra sshd unless told otherwise. */
function keygen(name: string, args: string[], authorize = true): string {
  const file = join(work, name);
  execFileSync('ssh-keygen', ['-q', ...args, '-C', `e2e ${name}`, '-f', file]);
  if (authorize) appendFileSync(sshd.authorizedKeys, readFileSync(`${file}.pub`));
  return file;
}

function connect(vars: Record<string, unknown>, opts: SshOptions = {}): SshConnection {
  const c = new SshConnection('node3', {
    ansible_host: hostInfo('node3').ip, ansible_port: sshd.port, ansible_user: 'root',
    ansible_ssh_common_args: `-o UserKnownHostsFile=${sshd.knownHosts}`, ...vars,
  }, { connectAttempts: 1, ...opts });
  opened.push(c);
  return c;
}

async function whoami(c: SshConnection): Promise<string> {
  return (await c.run({ argv: ['id', '-un'] })).stdout.trim();
}

async function failure(c: SshConnection): Promise<string> {
  return c.connect().then(() => 'connected', (e: Error) => e.message);
}

beforeAll(async () => {
  sshd = await startExtraSshd('node3', 2222, ['PasswordAuthentication yes']);
  // A user with a password, on node3 only (its /etc is private to it).
  sshCheck('node3', `id pat >/dev/null 2>&1 || useradd -m -d /opt/pat -s /bin/sh pat; echo 'pat:${USER_PASSWORD}' | chpasswd`);
});
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
  sshd?.stop();
});

describe('private keys', () => {
  it('logs in with a PEM (-m PEM) RSA key', async () => {
    const key = keygen('pem_rsa', ['-m', 'PEM', '-t', 'rsa', '-b', '2048', '-N', '']);
    expect(readFileSync(key, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(await whoami(connect({ ansible_ssh_private_key_file: key }))).toBe('root');
  });

  const encrypted: Array<[string, string[]]> = [
    ['an encrypted OpenSSH ed25519 key', ['-t', 'ed25519']],
    ['an encrypted PEM RSA key', ['-m', 'PEM', '-t', 'rsa', '-b', '2048']],
  ];
  describe.each(encrypted)('%s', (label, args) => {
    let key: string;
    beforeAll(() => {
      key = keygen(label.replace(/\W+/g, '_'), [...args, '-N', PASSPHRASE]);
    });

    it('logs in with its passphrase', async () => {
      expect(await whoami(connect({ ansible_ssh_private_key_file: key }, { passphrase: PASSPHRASE }))).toBe('root');
    });

    it('is refused clearly without a passphrase', async () => {
      const saved = process.env.CARBON_PLAY_SSH_PASSPHRASE;
      delete process.env.CARBON_PLAY_SSH_PASSPHRASE;
      try {
        expect(await failure(connect({ ansible_ssh_private_key_file: key }))).toMatch(/private key .* is not usable: it is encrypted/);
      } finally {
        if (saved !== undefined) process.env.CARBON_PLAY_SSH_PASSPHRASE = saved;
      }
    });

    it('is refused clearly with a wrong passphrase, which is not shown', async () => {
      const msg = await failure(connect({ ansible_ssh_private_key_file: key }, { passphrase: 'not-the-passphrase' }));
      expect(msg).toMatch(/private key .* is not usable/);
      expect(msg).not.toContain('not-the-passphrase');
    });
  });
});

describe('ssh-agent', () => {
  let agent: ChildProcess;
  const sock = join(work, 'agent.sock');
  const savedSock = process.env.SSH_AUTH_SOCK;
  beforeAll(async () => {
    agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
    const key = keygen('agent_only', ['-t', 'ed25519', '-N', '']);
    execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
    // The key now lives in the agent alone: a login can only come from there.
    rmSync(key);
    process.env.SSH_AUTH_SOCK = sock;
  });
  afterAll(() => {
    if (savedSock === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = savedSock;
    if (agent.pid) process.kill(agent.pid, 'SIGTERM');
  });

  it('logs in with a key held by ssh-agent (SSH_AUTH_SOCK), no key file given', async () => {
    expect(await whoami(connect({ ansible_ssh_private_key_file: undefined }))).toBe('root');
  });
});

describe('password', () => {
  it('logs in with ansible_password where the server allows passwords', async () => {
    expect(await whoami(connect({ ansible_user: 'pat', ansible_password: USER_PASSWORD }))).toBe('pat');
  });

  it('logs in with the password given to the connection (--ask-pass) when the inventory has none', async () => {
    expect(await whoami(connect({ ansible_user: 'pat' }, { password: USER_PASSWORD }))).toBe('pat');
  });

  it('is refused clearly with a wrong password, which is not shown', async () => {
    const msg = await failure(connect({ ansible_user: 'pat', ansible_password: 'wrong-pw-5521' }));
    expect(msg).toMatch(/authentication failed/);
    expect(msg).not.toContain('wrong-pw-5521');
  });
});
