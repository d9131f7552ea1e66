/**
 * The workflows of the regulation (R4.2, R4.3, R3.3, R7.1) are small state machines: a table of
 * steps, each saying from which state, on which event, to which state, and who may take it.
 * Pure: the table decides, the services store the history and audit it.
 */
import { ROLE_LABELS, type Role } from '../roles.js';

/** A sentence for the user, Vietnamese first. Structurally the same as the server's `Message`. */
export interface Bilingual {
  vi: string;
  en: string;
}

/** What a person is to this one record, beyond their roles. */
export const ACTOR_FACTS = ['reporter', 'assignee', 'filer'] as const;
export type ActorFact = (typeof ACTOR_FACTS)[number];

export const FACT_LABELS: Record<ActorFact, Bilingual> = {
  reporter: { vi: 'người đã báo cáo', en: 'the person who reported it' },
  assignee: { vi: 'người được giao xử lý', en: 'the person assigned to it' },
  filer: { vi: 'người đã gửi đơn', en: 'the person who filed it' },
};

/** Whoever is acting: their roles, and what they are to the record in hand. */
export interface Actor {
  roles: readonly Role[];
  facts?: readonly ActorFact[];
}

/** Who may take a step: anyone at all (a public form), or anyone with one of these roles or facts. */
export interface Who {
  anyone?: true;
  roles?: readonly Role[];
  facts?: readonly ActorFact[];
}

export interface Transition<S extends string, E extends string> {
  /** null: the record does not exist yet (the step creates it). */
  from: S | null;
  event: E;
  to: S;
  who: Who;
  /** The requirement this step comes from, e.g. "R4.2"; shown in messages. */
  rule: string;
}

export interface Machine<S extends string, E extends string> {
  /** What the record is called, e.g. { vi: 'sự việc', en: 'incident' }. */
  subject: Bilingual;
  states: Record<S, Bilingual>;
  events: Record<E, Bilingual>;
  transitions: readonly Transition<S, E>[];
}

export type ProblemCode = 'workflow.wrongState' | 'workflow.notAllowed';
export interface WorkflowProblem extends Bilingual {
  code: ProblemCode;
}
export type TransitionOutcome<S extends string> = { ok: true; to: S } | { ok: false; problem: WorkflowProblem };

/** R4.1: leadership = the principal and the vice-principals. */
export const LEADERSHIP_ROLES: readonly Role[] = ['principal', 'vice_principal'];
export const LEADERSHIP: Who = { roles: LEADERSHIP_ROLES };

/** The same event allowed in several states, each leaving the state as it is (comments, edits). */
export function staysIn<S extends string, E extends string>(states: readonly S[], event: E, who: Who, rule: string): Transition<S, E>[] {
  return states.map((s) => ({ from: s, event, to: s, who, rule }));
}

export function mayAct(who: Who, actor: Actor): boolean {
  if (who.anyone) return true;
  if (who.roles?.some((r) => actor.roles.includes(r))) return true;
  return who.facts?.some((f) => actor.facts?.includes(f) === true) ?? false;
}

const NOT_CREATED: Bilingual = { vi: 'chưa được lập', en: 'not yet created' };

function whoLabel(who: Who): Bilingual {
  if (who.anyone) return { vi: 'mọi người', en: 'anyone' };
  const parts = [...(who.roles ?? []).map((r) => ROLE_LABELS[r]), ...(who.facts ?? []).map((f) => FACT_LABELS[f])];
  return { vi: parts.map((p) => p.vi).join(' hoặc '), en: parts.map((p) => p.en).join(' or ') };
}

function quoteList(items: readonly Bilingual[]): Bilingual {
  return { vi: items.map((i) => `“${i.vi}”`).join(', '), en: items.map((i) => `“${i.en}”`).join(', ') };
}

/** Every event this actor may take now: the web app shows these as buttons. */
export function eventsAllowed<S extends string, E extends string>(machine: Machine<S, E>, state: S | null, actor: Actor): E[] {
  const events = machine.transitions.filter((t) => t.from === state && mayAct(t.who, actor)).map((t) => t.event);
  return [...new Set(events)];
}

function wrongState<S extends string, E extends string>(machine: Machine<S, E>, state: S | null, event: E, actor: Actor): WorkflowProblem {
  const ev = machine.events[event];
  const st = state === null ? NOT_CREATED : machine.states[state];
  const head = {
    vi: `Không thể “${ev.vi}” khi ${machine.subject.vi} đang ở trạng thái “${st.vi}”.`,
    en: `You cannot “${ev.en}” while the ${machine.subject.en} is “${st.en}”.`,
  };
  const mine = eventsAllowed(machine, state, actor).map((e) => machine.events[e]);
  if (mine.length > 0) {
    const list = quoteList(mine);
    return { code: 'workflow.wrongState', vi: `${head.vi} Lúc này bạn có thể: ${list.vi}.`, en: `${head.en} What you can do now: ${list.en}.` };
  }
  if (machine.transitions.some((t) => t.from === state)) {
    return {
      code: 'workflow.wrongState',
      vi: `${head.vi} Bước tiếp theo thuộc về người khác; hãy tải lại trang để xem trạng thái mới nhất.`,
      en: `${head.en} The next step is someone else's; reload the page to see the latest state.`,
    };
  }
  return { code: 'workflow.wrongState', vi: `${head.vi} Hồ sơ đã kết thúc, không còn thao tác nào.`, en: `${head.en} This record is finished; nothing more can be done.` };
}

/** May this actor take this event from this state, and where does it lead? */
export function transition<S extends string, E extends string>(machine: Machine<S, E>, state: S | null, event: E, actor: Actor): TransitionOutcome<S> {
  const steps = machine.transitions.filter((t) => t.from === state && t.event === event);
  if (steps.length === 0) return { ok: false, problem: wrongState(machine, state, event, actor) };
  const step = steps.find((t) => mayAct(t.who, actor));
  if (step) return { ok: true, to: step.to };
  const first = steps[0] as Transition<S, E>;
  const who = whoLabel(first.who);
  const ev = machine.events[event];
  return {
    ok: false,
    problem: {
      code: 'workflow.notAllowed',
      vi: `Chỉ ${who.vi} mới được “${ev.vi}” (${first.rule}). Hãy báo để người có thẩm quyền thực hiện.`,
      en: `Only ${who.en} may “${ev.en}” (${first.rule}). Ask them to do it.`,
    },
  };
}

/** Every time range the workflows take (clips, holds, requests, complaints). */
export const START_BEFORE_END: Bilingual = { vi: 'Thời điểm bắt đầu phải trước thời điểm kết thúc.', en: 'The start must come before the end.' };

/** A typed reason that must say enough: refusals, extensions, reopening (R4.2, R3.3, R4.3). */
export function reasonTooShort(text: string, minChars: number, example: Bilingual): Bilingual | null {
  if (text.trim().length >= minChars) return null;
  return {
    vi: `Hãy ghi rõ lý do (ít nhất ${minChars} ký tự), ví dụ “${example.vi}”.`,
    en: `Give the reason in full (at least ${minChars} characters), e.g. “${example.en}”.`,
  };
}
