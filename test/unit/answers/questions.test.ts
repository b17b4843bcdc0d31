import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { MAX_MESSAGE, questionList, type Draft, type QuestionContext } from '../../../src/answers/questions.js';

const ctx: QuestionContext = {
  kubesealOnPath: false,
  insideRepository: false,
  defaultKeyFolder: (project) => `~/.config/inngest-gitops/${project}`,
  normaliseKeyFolder: (folder) => folder,
  keyFolderProblem: () => undefined,
  certificateProblem: () => undefined,
  given: new Set(),
};

function draft(): Draft {
  return {
    answers: {
      environments: [
        { name: 'stage' },
        { name: 'prod', postgres: { backup: { destinationPath: 's3://backups/prod' } } },
      ],
    },
    choices: { exposure: 'gateway', cluster: 'change', sealing: 'new-key-elsewhere' },
  };
}

describe('the questions', () => {
  const textQuestions = questionList(draft()).filter((q) => q.kind === 'text');

  it('say what is wrong in the prompt’s own words, on one line: at most 72 characters, no field paths', () => {
    const bad = [
      '',
      ' ',
      'Acme',
      'a_b',
      '-a',
      'a-',
      'x'.repeat(300),
      'https://user:token@github.com/acme/x.git',
      'ftp://example.com/x',
      's3:/nope',
      'S3://UPPER',
      'dev,Dev,dev',
      `${'p'.repeat(60)},prod`,
      'inngest.EXAMPLE.com',
      'latest',
      'v1.2.3',
      'a'.repeat(11) + ',' + 'b'.repeat(70),
    ];
    let checked = 0;
    for (const q of textQuestions) {
      for (const value of bad) {
        const message = q.validate(value, draft(), ctx);
        if (message === undefined) continue;
        checked++;
        expect(message.length, `${q.id}: ${message}`).toBeLessThanOrEqual(MAX_MESSAGE);
        expect(message).not.toMatch(/environments\[|\.postgres\.|repoURL/);
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('stay within 72 characters for any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(...textQuestions), (value, q) => {
        const message = q.validate(value, draft(), ctx);
        return message === undefined || message.length <= MAX_MESSAGE;
      }),
    );
  });

  it('accept what the answers schema accepts for their defaults', () => {
    for (const q of textQuestions) {
      const initial = q.initial(draft(), ctx);
      if (q.id === 'keyFolder' || q.id === 'certificate') continue; // checked against the disk
      if (q.id === 'gateway') continue; // no default: a Gateway cannot be guessed
      if (/^(server|networks):/.test(q.id)) continue; // no default: nor can an existing server
      expect(q.validate(initial, draft(), ctx), q.id).toBeUndefined();
    }
  });

  it('take http:// and scp-like URLs for the repository, and refuse one with a password', () => {
    const repoURL = textQuestions.find((q) => q.id === 'repoURL')!;
    for (const ok of ['http://git.internal/acme/x.git', 'git@github.com:acme/x.git', 'ssh://git@h:22/x.git', ''])
      expect(repoURL.validate(ok, draft(), ctx), ok).toBeUndefined();
    expect(repoURL.validate('https://me:secret@github.com/a/b.git', draft(), ctx)).toBe(
      'Leave the password out: Argo CD gets it from a Secret',
    );
    expect(() => resolveAnswers({ repoURL: 'https://me:secret@github.com/a/b.git' })).toThrow(
      /^repoURL: carries credentials/,
    );
  });

  it('ask for backups only for production environments, per environment', () => {
    const ids = questionList(draft())
      .filter((q) => q.when?.(draft(), ctx) ?? true)
      .map((q) => q.id);
    expect(ids).toContain('backup:prod');
    expect(ids).not.toContain('backup:stage');
  });
});

describe('answers a new question set relies on', () => {
  it('a namespace longer than 63 characters is refused', () => {
    expect(() => resolveAnswers({ name: 'a'.repeat(40), environments: [{ name: 'b'.repeat(23) }] })).toThrow(
      /^environments\[0\]\.namespace: defaults to "a+-b+" \(name-environment\), 64 characters/,
    );
  });

  it('sealing method new-key needs a key folder', () => {
    expect(() => resolveAnswers({ sealing: { method: 'new-key' } })).toThrow(/^sealing\.keyFolder: is required/);
  });

  it('no repository URL by default: empty, never an example URL', () => {
    expect(resolveAnswers({}).repoURL).toBe('');
  });
});
