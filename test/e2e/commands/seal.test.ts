import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/core/yaml.js';
import { runCli, tempDir } from '../../helpers/cli.js';
import { DEMO_CERT_PATH, demoPrivateKey } from '../../helpers/keys.js';
import { unseal } from '../../helpers/unseal.js';

describe('create-inngest-gitops seal (built CLI)', () => {
  it('seals a Secret manifest from stdin with the built-in sealer; only the controller key decrypts it', () => {
    const value = 'pl41n-t3xt-v4lue';
    const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: inngest\nstringData:\n  PASSWORD: ${value}\n`;
    // no kubeseal on PATH: the built-in sealer
    const result = runCli(['seal', '--cert', DEMO_CERT_PATH], { input: manifest, env: { PATH: tempDir() } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain(value);
    const sealed = parseYaml(result.stdout) as Parameters<typeof unseal>[0] & { kind: string };
    expect(sealed.kind).toBe('SealedSecret');
    expect(unseal(sealed, demoPrivateKey())).toEqual({ PASSWORD: value });
  });
});
