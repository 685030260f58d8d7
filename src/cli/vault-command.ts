// `carbon-play vault create|encrypt|decrypt|view|edit|rekey|encrypt_string`: ansible-vault's actions, same file format.
import { Command, CommanderError } from 'commander';
import { existsSync } from 'node:fs';
import { CarbonPlayError, ExitCode } from '../core/errors.js';
import type { Keyring } from '../vault/keyring.js';
import { editInEditor, formatVaultString, readInputFile, readStdin, writeFileAtomic } from '../vault/vault-files.js';
import type { CliIo } from './parse-options.js';
import { commanderExit, reportError } from './report-error.js';
import { addVaultOptions, normalizeVaultAliases, setUpVault, type VaultCliOptions } from './vault-options.js';

interface VaultActionOptions extends VaultCliOptions {
  encryptVaultId?: string;
  output?: string;
  name: string[];
  stdinName?: string;
  newVaultId?: string;
  newVaultPasswordFile?: string;
}

export interface VaultDeps {
  stdin?: () => Promise<Buffer>;
  env?: NodeJS.ProcessEnv;
}

type Action = (files: string[], o: VaultActionOptions) => Promise<void>;

export async function runVaultCommand(argv: string[], io: CliIo, deps: VaultDeps = {}): Promise<number> {
  const stdin = deps.stdin ?? (() => readStdin());
  const env = deps.env ?? process.env;
  const keyringFor = async (o: VaultActionOptions, forEncrypt: boolean): Promise<Keyring> => {
    const { readConfigFile } = await import('./config-file.js');
    return setUpVault(o, readConfigFile(), { promptWhenNone: true, confirm: forEncrypt });
  };
  const plainOf = (ring: Keyring, data: Buffer, where: string) => {
    try {
      return ring.decrypt(data.toString('latin1'));
    } catch (err) {
      throw new CarbonPlayError('parse', `${where}: ${(err as Error).message}`);
    }
  };
  const singleOutput = (files: string[], o: VaultActionOptions) => {
    if (o.output !== undefined && files.length > 1) throw new CarbonPlayError('options', '--output: expected one input file, got ' + files.length);
  };
  const write = (target: string, data: Buffer | string) => (target === '-' ? io.stdout(data.toString()) : writeFileAtomic(target, data));

  const actions: Record<string, { args: string; describe: string; run: Action }> = {
    create: {
      args: '<file>', describe: 'create a new vault file in $EDITOR',
      run: async ([file], o) => {
        if (existsSync(file!)) throw new CarbonPlayError('options', `${file}: already exists (use 'vault edit')`);
        const ring = await keyringFor(o, true);
        writeFileAtomic(file!, ring.encrypt(editInEditor(Buffer.alloc(0), file!, env), o.encryptVaultId));
      },
    },
    encrypt: {
      args: '[files...]', describe: 'encrypt files in place (stdin to stdout when none or -)',
      run: async (files, o) => {
        singleOutput(files, o);
        const ring = await keyringFor(o, true);
        const inputs = files.length === 0 ? ['-'] : files;
        const data = await Promise.all(inputs.map(async (f) => (f === '-' ? stdin() : readInputFile(f))));
        inputs.forEach((f, i) => write(o.output ?? f, ring.encrypt(data[i]!, o.encryptVaultId)));
        io.stderr('Encryption successful\n');
      },
    },
    decrypt: {
      args: '[files...]', describe: 'decrypt files in place (stdin to stdout when none or -)',
      run: async (files, o) => {
        singleOutput(files, o);
        const ring = await keyringFor(o, false);
        const inputs = files.length === 0 ? ['-'] : files;
        // Every file is opened before any is written: a wrong password leaves them all as they were.
        const plain = await Promise.all(inputs.map(async (f) => plainOf(ring, f === '-' ? await stdin() : readInputFile(f), f === '-' ? 'stdin' : f).plaintext));
        inputs.forEach((f, i) => write(o.output ?? f, plain[i]!));
        io.stderr('Decryption successful\n');
      },
    },
    view: {
      args: '<files...>', describe: 'print the plaintext of vault files',
      run: async (files, o) => {
        const ring = await keyringFor(o, false);
        for (const f of files) io.stdout(plainOf(ring, readInputFile(f), f).plaintext.toString());
      },
    },
    edit: {
      args: '<file>', describe: 'edit a vault file in $EDITOR; saved with the same vault id',
      run: async ([file], o) => {
        const ring = await keyringFor(o, false);
        const { plaintext, id } = plainOf(ring, readInputFile(file!), file!);
        const edited = editInEditor(plaintext, file!, env);
        if (!edited.equals(plaintext)) writeFileAtomic(file!, ring.encrypt(edited, o.encryptVaultId ?? id));
      },
    },
    rekey: {
      args: '<files...>', describe: 'encrypt vault files again with a new password (--new-vault-password-file, --new-vault-id)',
      run: async (files, o) => {
        const ring = await keyringFor(o, false);
        const plain = files.map((f) => plainOf(ring, readInputFile(f), f).plaintext);
        const newIds = o.newVaultId ? [o.newVaultId] : [];
        const newFiles = o.newVaultPasswordFile ? [o.newVaultPasswordFile] : [];
        const fresh = await setUpVault({ vaultId: newIds, vaultPasswordFile: newFiles, askVaultPass: false }, {}, { promptWhenNone: true, confirm: true });
        files.forEach((f, i) => writeFileAtomic(f, fresh.encrypt(plain[i]!)));
        io.stderr('Rekey successful\n');
      },
    },
    encrypt_string: {
      args: '[strings...]', describe: 'encrypt strings into `NAME: !vault |` YAML (stdin when none or -)',
      run: async (args, o) => {
        const strings = args.filter((a) => a !== '-');
        const items: { text: Buffer; name?: string }[] = [];
        if (strings.length === 0 || args.includes('-')) {
          const text = await stdin();
          if (text.length === 0) throw new CarbonPlayError('options', 'encrypt_string: stdin was empty, nothing to encrypt');
          items.push({ text, name: o.stdinName });
        }
        strings.forEach((s, i) => {
          if (s === '') throw new CarbonPlayError('options', 'encrypt_string: expected a string to encrypt, got an empty one');
          items.push({ text: Buffer.from(s), name: o.name[i] });
        });
        const ring = await keyringFor(o, true);
        write(o.output ?? '-', items.map((it) => formatVaultString(ring.encrypt(it.text, o.encryptVaultId), it.name)).join('\n') + '\n');
        io.stderr('Encryption successful\n');
      },
    },
  };

  const program = new Command('carbon-play vault').description('Ansible Vault files and strings (same format as ansible-vault)')
    .exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  let pending: Promise<void> | undefined;
  for (const [name, a] of Object.entries(actions)) {
    const cmd = program.command(name).description(a.describe).argument(a.args).exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    addVaultOptions(cmd)
      .option('--encrypt-vault-id <id>', 'the vault id to encrypt with (one of the given ones)')
      .option('--output <file>', 'write here instead of in place (- for stdout)')
      .option('-n, --name <name>', 'encrypt_string: the variable name (repeatable, one per string)', (v: string, p: string[]) => [...p, v], [])
      .option('--stdin-name <name>', 'encrypt_string: the variable name for stdin')
      .option('--new-vault-id <id>', 'rekey: the new vault identity')
      .option('--new-vault-password-file <file>', 'rekey: the new password file')
      .action((files: string[] | string, o: VaultActionOptions) => {
        pending = a.run(Array.isArray(files) ? files : files === undefined ? [] : [files], o);
      });
  }
  try {
    program.parse(normalizeVaultAliases(argv), { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err);
    throw err;
  }
  if (!pending) {
    io.stderr(`error: expected an action (${Object.keys(actions).join(', ')}), got none\n`);
    return ExitCode.badOptions;
  }
  try {
    await pending;
  } catch (err) {
    return reportError(err, io, 0);
  }
  return ExitCode.ok;
}
