import { describe, expect, it } from 'vitest';
import { isCredentialKey, secretLookingValues } from '../../../src/validate/secret-values.js';

describe('credentials in ConfigMaps', () => {
  it('keeps false positives low', () => {
    const data = {
      INNGEST_PORT: '8288',
      LOG_LEVEL: 'info',
      INNGEST_QUEUE_WORKERS: '100',
      DO_NOT_TRACK: '1',
      SECRET_NAME: 'inngest-keys',
      TOKEN_TTL: '3600s',
      PASSWORD_FILE: '/etc/inngest/password',
      API_KEY_HEADER: 'X-Api-Key',
      INNGEST_POSTGRES_URI: 'postgres://inngest:$(POSTGRES_PASSWORD)@inngest-postgres-rw:5432/inngest',
      REDIS_URI: 'redis://:${VALKEY_PASSWORD}@inngest-valkey:6379/0',
      IMAGE: `inngest/inngest@sha256:${'0123456789abcdef'.repeat(4)}`,
      REQUEST_ID: '123e4567-e89b-12d3-a456-426614174000',
      CACHE_KEY: 'sessions',
      'prometheus.yml':
        'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: inngest\n    static_configs:\n      - targets: [localhost:8288]\n',
      K8S_LABEL: 'app.kubernetes.io/name',
    };
    expect(secretLookingValues(data)).toEqual([]);
  });

  it('finds credential keys, passwords in URLs and high-entropy strings, without echoing them', () => {
    const findings = secretLookingValues({
      INNGEST_SIGNING_KEY: 'a1b2'.repeat(16),
      DB_PASSWORD: 'Tr0ub4dor&3',
      DATABASE_URL: 'postgres://app:s3cr3tpass@db:5432/app',
      BLOB: 'config=AKIAx9Qz7Lm2Vb8Rt4Yp6Wn3Kd5Fh1Jc0Gs',
      'app.yaml': 'auth:\n  user: me\n  password: n0t-so-secret\n',
    });
    expect(findings).toEqual([
      { key: 'INNGEST_SIGNING_KEY', reason: 'INNGEST_SIGNING_KEY looks like a credential' },
      { key: 'DB_PASSWORD', reason: 'DB_PASSWORD looks like a credential' },
      { key: 'DATABASE_URL', reason: 'holds a URL with a password in it' },
      { key: 'BLOB', reason: 'holds a high-entropy string that looks like a key or token' },
      { key: 'app.yaml', reason: 'line 3: password looks like a credential' },
    ]);
    expect(JSON.stringify(findings)).not.toMatch(/Tr0ub4dor|s3cr3tpass|n0t-so-secret/);
  });

  it('knows credential key names', () => {
    expect(['password', 'INNGEST_EVENT_KEY', 'accessKey', 'api-token', 'SECRET_KEY_BASE'].map(isCredentialKey)).toEqual(
      [true, true, true, true, true],
    );
    expect(['INNGEST_PORT', 'SECRET_NAME', 'KEY_PREFIX', 'tokenPath', 'monkey'].map(isCredentialKey)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
