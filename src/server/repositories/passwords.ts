import { Algorithm, hash, verify } from '@node-rs/argon2';

/** argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane): a few tens of ms per login here. */
export const passwords = {
  hash: (plain: string): Promise<string> => hash(plain, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  verify: (phc: string, plain: string): Promise<boolean> => verify(phc, plain).catch(() => false),
};
