import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** An Ed25519 key kept in `<data>/keys/<name>.pem` (mode 0600), created on first use. */
export class SigningKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  static open(keysDir: string, name: string): SigningKey {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const file = join(keysDir, `${name}.pem`);
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(file, 0o600);
    const privateKey = createPrivateKey(readFileSync(file));
    return new SigningKey(privateKey, createPublicKey(privateKey));
  }

  sign(message: string): string {
    return this.signBytes(Buffer.from(message));
  }

  /** Base64 Ed25519 signature of exact bytes (a file as written, e.g. an evidence manifest). */
  signBytes(data: Uint8Array): string {
    return sign(null, data, this.privateKey).toString('base64');
  }

  verify(message: string, signature: string): boolean {
    try {
      return verify(null, Buffer.from(message), this.publicKey, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
}
