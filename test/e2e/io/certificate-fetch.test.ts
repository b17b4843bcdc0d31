import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentError, UserError } from '../../../src/core/errors.js';
import { loadCertificate } from '../../../src/io/certificate.js';
import { binPath, tempDir } from '../../helpers/cli.js';
import { runMain } from '../../helpers/main.js';

const DEMO_CERT = readFileSync(new URL('../../fixtures/demo-sealing.crt', import.meta.url), 'utf8');

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function serve(handler: RequestListener): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('--cert URLs', () => {
  it('an endless body is cut at 256 KiB while it streams, with a UserError naming --cert', async () => {
    let sent = 0;
    const host = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-pem-file' });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && response.write(chunk)) sent += chunk.length;
        if (sent < 64 * 1024 * 1024) response.once('drain', pump);
        else response.end();
      };
      pump();
    });
    const error = await rejection(loadCertificate(`http://${host}/v1/cert.pem`));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(
      `--cert http://${host}/v1/cert.pem: the answer is more than 262144 bytes, too large for a certificate (a URL that serves the certificate PEM)`,
    );
    // The download stopped near the limit: far from the 64 MiB the server would have sent.
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });

  it('one time limit covers the whole fetch, the body included', async () => {
    const host = await serve((_request, response) => {
      response.writeHead(200);
      response.write('-----BEGIN CERTIFICATE-----\n');
    });
    const error = await rejection(loadCertificate(`http://${host}/cert.pem?token=abc`, fetch, 300));
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error.message).toBe(
      `--cert http://${host}/cert.pem: no complete answer within 300 ms (is the URL reachable?)`,
    );
  });

  it('user:password@ is sent as basic authentication and never printed, nor is the query', async () => {
    let authorization: string | undefined;
    const host = await serve((request, response) => {
      authorization = request.headers.authorization;
      if (request.url?.startsWith('/ok')) response.end(DEMO_CERT);
      else response.writeHead(403).end();
    });
    expect(await loadCertificate(`http://ops:s3cret@${host}/ok?token=abc`)).toBe(DEMO_CERT);
    expect(authorization).toBe(`Basic ${Buffer.from('ops:s3cret').toString('base64')}`);

    const dir = tempDir('cig-cert-');
    const result = await runMain(['repo', '--yes', '--cert', `http://ops:s3cret@${host}/denied?token=abc`], {
      cwd: dir,
    });
    expect(result.stderr).toBe(
      `error: --cert http://${host}/denied: the server answered HTTP 403 (a URL that serves the certificate PEM)\n`,
    );
    expect(result.status).toBe(2);
    expect(existsSync(join(dir, 'repo'))).toBe(false);
  });

  it('an unreachable URL with credentials: exit 1, and neither the password nor the token in the message', async () => {
    const dir = tempDir('cig-cert-');
    const result = await runMain(['repo', '--yes', '--cert', 'https://ops:s3cret@127.0.0.1:1/cert.pem?token=abc'], {
      cwd: dir,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^error: --cert https:\/\/127\.0\.0\.1:1\/cert\.pem: cannot fetch the certificate \(/,
    );
    expect(result.stderr).not.toMatch(/s3cret|token=abc/);
  });
});

describe('--cert files', () => {
  it('a FIFO is refused at once (in a separate process: a blocked read would stop this one)', () => {
    const dir = tempDir('cig-cert-');
    expect(spawnSync('mkfifo', [join(dir, 'cert.pem')]).status).toBe(0);
    const result = spawnSync(process.execPath, [binPath, 'repo', '--yes', '--cert', 'cert.pem'], {
      cwd: dir,
      encoding: 'utf8',
      input: '',
      timeout: 20_000,
      killSignal: 'SIGKILL',
    });
    expect(result.stderr).toBe(
      'error: --cert cert.pem: is a named pipe, not a regular file (a readable PEM file, or an http(s)/file URL)\n',
    );
    expect(result.status).toBe(2);
    expect(existsSync(join(dir, 'repo'))).toBe(false);
  });

  it("a 512-bit RSA key is the user's input: exit 2, not a crash of the sealer", async () => {
    const dir = tempDir('cig-cert-');
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 512 });
    writeFileSync(join(dir, 'weak.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const result = await runMain(['repo', '--yes', '--cert', join(dir, 'weak.pem')], { cwd: dir });
    expect(result.stderr).toBe(
      `error: --cert ${join(dir, 'weak.pem')}: the RSA key has 512 bits (at least 2048 bits; the controller makes 4096-bit keys (--key-size))\n`,
    );
    expect(result.status).toBe(2);
    expect(existsSync(join(dir, 'repo'))).toBe(false);
  });
});
