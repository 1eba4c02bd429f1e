import type { InputProblem } from '../../../machines/conversation/admin-view.ts';
import { adminInputProblem, type Expected, withLead } from '../../../voice/index.ts';
import { say } from './kit.ts';

/** A prompt asked again: what was wrong with the last answer goes first, then the question. */
export function problemLead(prompt: string, problem: InputProblem | undefined, expected: Expected): string {
  return withLead(prompt, problem && say(adminInputProblem, { problem, expected }));
}
