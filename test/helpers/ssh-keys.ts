// Key pairs for in-process SSH tests. ssh2's generateKeyPairSync drops every leading zero byte of an
// ed25519 public key, so about one key in 256 comes out 31 bytes long and will not parse; we draw
// again until both halves parse, which keeps the tests that use these keys deterministic in outcome.
import ssh2 from 'ssh2';

type KeyType = 'ed25519' | 'ecdsa' | 'rsa';
type Pair = { private: string; public: string };

export function generateKeyPair(type: KeyType = 'ed25519', opts: { bits?: number } = {}): Pair {
  for (let attempt = 0; attempt < 64; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync(type, opts as { bits: number });
    if (!(ssh2.utils.parseKey(pair.public) instanceof Error) && !(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new Error(`no usable ${type} key pair in 64 draws`);
}
