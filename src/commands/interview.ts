/**
 * The interactive scaffold: ask the questions of answers/questions.ts in order (skipping those a
 * flag answered), check the whole set, show the review, and let the user confirm, edit an answer
 * or cancel. A cross-field problem found at the end re-asks the question it belongs to instead of
 * ending the run. Nothing is written here.
 */
import { resolveAnswers } from '../answers/resolve.js';
import type { Answers, PartialAnswers } from '../answers/schema.js';
import {
  clipMessage,
  ownerOf,
  questionList,
  type Draft,
  type Question,
  type QuestionContext,
} from '../answers/questions.js';
import { Cancelled, UserError } from '../core/errors.js';
import type { Prompter } from '../io/terminal.js';
import { reviewText, type RunPlan } from '../render/review.js';

export interface InterviewResult {
  answers: Answers;
  /** `git init` with a first commit (asked only outside a repository). */
  git: boolean;
  /** The certificate file or URL of sealing method certificate. */
  certificate?: string;
}

export async function interview(
  start: PartialAnswers,
  ctx: QuestionContext,
  prompter: Prompter,
  run: Omit<RunPlan, 'git' | 'certificate'>,
  /** --git or --no-git, when given: the git question is not asked, and the review shows this. */
  git?: boolean,
): Promise<InterviewResult> {
  const draft: Draft = {
    answers: structuredClone(start),
    choices: {},
    ...(git === undefined ? {} : { git }),
  };
  draft.answers.environments ??= structuredClone(resolveAnswers({}).environments.map((e) => ({ name: e.name })));
  // Exposure answered by a flag or a config: the follow-up questions know it.
  if (draft.answers.environments.some((e) => e.gateway)) draft.choices.exposure = 'gateway';
  else if (draft.answers.environments.some((e) => e.hostname)) draft.choices.exposure = 'ingress';
  const answered = new Set<string>();
  const problems = new Map<string, string>();
  try {
    for (;;) {
      const next = pending(draft, ctx, answered)[0];
      if (next) {
        await ask(next, draft, ctx, prompter, problems.get(next.id));
        problems.delete(next.id);
        answered.add(next.id);
        continue;
      }
      const checked = check(draft, ctx);
      if ('problem' in checked) {
        answered.delete(checked.question.id);
        problems.set(checked.question.id, checked.problem);
        continue;
      }
      const git = ctx.insideRepository ? false : (draft.git ?? true);
      const plan: RunPlan = {
        ...run,
        git: git ? 'init' : ctx.insideRepository ? 'inside' : 'none',
        ...(draft.certificate ? { certificate: draft.certificate } : {}),
      };
      prompter.print(`\n${reviewText(checked.answers, plan, prompter.style)}\n`);
      const decision = await prompter.select({
        message: 'Write the repository?',
        choices: [
          { value: 'write', label: 'Yes, write it' },
          { value: 'edit', label: 'Edit an answer' },
          { value: 'cancel', label: 'Cancel: write nothing' },
        ],
        initial: 'write',
      });
      if (decision === 'cancel') throw new Cancelled();
      if (decision === 'write') {
        return { answers: checked.answers, git, ...(draft.certificate ? { certificate: draft.certificate } : {}) };
      }
      const editable = questionList(draft).filter((q) => answered.has(q.id) && isAsked(q, draft, ctx));
      const id = await prompter.select({
        message: 'Which answer?',
        choices: [
          { value: BACK, label: 'None: back to the review' },
          ...editable.map((q) => ({ value: q.id, label: `${q.message(draft)}: ${shown(q, draft, ctx)}` })),
        ],
      });
      if (id === BACK) continue;
      const question = editable.find((q) => q.id === id)!;
      const before = new Set((draft.answers.environments ?? []).map((e) => e.name));
      await ask(question, draft, ctx, prompter, undefined);
      answered.add(question.id);
      // An environment the edit adds (again) starts without answers: its own questions are asked.
      for (const env of draft.answers.environments ?? [])
        if (env.name && !before.has(env.name)) forgetEnvironment(answered, env.name);
    }
  } finally {
    prompter.close();
  }
}

/** Per-environment question ids are `kind:ENV` or `kind:ENV:store` (answers/questions.ts). */
function forgetEnvironment(answered: Set<string>, env: string): void {
  for (const id of [...answered]) if (id.split(':')[1] === env) answered.delete(id);
}

/** The edit menu's way back to the review; no question has this id. */
const BACK = '';

/** An answer as the edit menu shows it: the question's own words for it, else its current value. */
function shown(q: Question, draft: Draft, ctx: QuestionContext): string {
  if (q.show) return q.show(draft);
  if (q.kind === 'text') return q.initial(draft, ctx) || '(none)';
  if (q.kind === 'confirm') return q.initial(draft) ? 'yes' : 'no';
  if (q.kind === 'select') {
    const value = q.initial(draft, ctx);
    return q.choices(draft, ctx).find((c) => c.value === value)?.label ?? value;
  }
  return q.initial(draft).join(', ') || 'none';
}

/** Questions still to ask, in order. */
function pending(draft: Draft, ctx: QuestionContext, answered: ReadonlySet<string>): Question[] {
  return questionList(draft).filter((q) => !answered.has(q.id) && isAsked(q, draft, ctx));
}

function isAsked(q: Question, draft: Draft, ctx: QuestionContext): boolean {
  if (ctx.given.has(q.id) || ctx.given.has(q.id.split(':')[0]!)) return false;
  return q.when?.(draft, ctx) ?? true;
}

/**
 * The whole answer set through resolve; a problem goes back to the question that owns it, in that
 * question's own words when its check now finds the problem (an answer edited since changed what
 * it may be), else in resolve's, shortened.
 */
function check(draft: Draft, ctx: QuestionContext): { answers: Answers } | { question: Question; problem: string } {
  try {
    return { answers: resolveAnswers(draft.answers) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const question = ownerOf(error.field, draft);
    if (!question) throw error;
    const own = question.kind === 'text' ? question.validate(question.initial(draft, ctx), draft, ctx) : undefined;
    return { question, problem: own ?? clipMessage(sentence(error.problem)) };
  }
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function ask(
  q: Question,
  draft: Draft,
  ctx: QuestionContext,
  prompter: Prompter,
  problem: string | undefined,
): Promise<void> {
  if (problem && q.kind !== 'text') prompter.print(`  ${prompter.style.red(`✖ ${problem}`)}\n`);
  switch (q.kind) {
    case 'text': {
      const value = await prompter.text({
        message: q.message(draft),
        initial: q.initial(draft, ctx),
        ...(q.hint ? { hint: q.hint } : {}),
        validate: (v) => q.validate(v, draft, ctx),
        ...(problem ? { problem } : {}),
      });
      q.apply(draft, value, ctx);
      return;
    }
    case 'select': {
      const value = await prompter.select({
        message: q.message(draft),
        choices: q.choices(draft, ctx),
        initial: q.initial(draft, ctx),
        ...(q.hint ? { hint: q.hint(draft) } : {}),
      });
      q.apply(draft, value, ctx);
      return;
    }
    case 'multiselect': {
      const values = await prompter.multiselect({
        message: q.message(draft),
        choices: q.choices(draft),
        selected: q.initial(draft),
        ...(q.hint ? { hint: q.hint } : {}),
      });
      q.apply(draft, values);
      return;
    }
    case 'confirm':
      q.apply(draft, await prompter.confirm({ message: q.message(draft), initial: q.initial(draft) }));
      return;
  }
}
