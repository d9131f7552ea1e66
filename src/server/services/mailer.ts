import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { redactUrl } from '../../ffmpeg/redact.js';

export interface Mailer {
  /** Sends in the background; a failure is logged (never the SMTP password) and loses nothing in the app. */
  send(to: readonly string[], subject: { vi: string; en: string }, body: string): void;
  /** Waits for the mails still being sent (tests, shutdown). */
  flush(): Promise<void>;
}

/** R7.1: leadership hears of an incident at once — in the app always, by email when SMTP is set. */
export function createMailer(smtp: { url: string; from: string } | null, log: Logger): Mailer {
  const pending = new Set<Promise<void>>();
  if (!smtp) return { send: () => undefined, flush: async () => undefined };
  const transport = nodemailer.createTransport(smtp.url);
  return {
    send(to, subject, body) {
      if (to.length === 0) return;
      const p = transport.sendMail({ from: smtp.from, to: [...to], subject: `[Vigil] ${subject.vi}`, text: `${body}\n\n— ${subject.en}` })
        .then(() => undefined, (err: unknown) => log.warn({ err: redactUrl(String(err)), smtp: redactUrl(smtp.url) }, 'notice email not sent'))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async flush() {
      await Promise.all([...pending]);
    },
  };
}
