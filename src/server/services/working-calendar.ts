import type { z } from 'zod';
import { WorkingCalendarInput, type WorkingCalendarView } from '../../contract/complaints.js';
import { DEFAULT_WORKING_CALENDAR, type WorkingCalendar } from '../../domain/deadlines.js';
import { invalid } from '../errors.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { SettingsRepository } from '../repositories/settings.js';
import { type Actor, factsOf } from './actor.js';

const KEY = 'working_calendar';

/**
 * The school's working calendar (R3.3 deadlines count working days): Vietnam's public holidays
 * and the weekend days worked in exchange, edited by the school each year when the government
 * announces them. Until edited, the defaults in domain/deadlines.ts apply.
 */
export class WorkingCalendarService {
  constructor(private readonly settings: SettingsRepository, private readonly audit: AuditRepository, private readonly now: () => number) {}

  async get(): Promise<WorkingCalendar> {
    return this.settings.get<WorkingCalendar>(KEY, WorkingCalendarInput, DEFAULT_WORKING_CALENDAR);
  }

  async view(): Promise<WorkingCalendarView> {
    const c = await this.get();
    return { holidays: [...c.holidays].sort(), makeUpWorkingDays: [...c.makeUpWorkingDays].sort(), isDefault: c === DEFAULT_WORKING_CALENDAR };
  }

  async set(input: z.output<typeof WorkingCalendarInput>, actor: Actor): Promise<WorkingCalendarView> {
    const both = input.holidays.find((d) => input.makeUpWorkingDays.includes(d));
    if (both) {
      throw invalid('calendar.both', {
        vi: `Ngày ${both.split('-').reverse().join('/')} vừa là ngày nghỉ vừa là ngày làm bù. Hãy bỏ một trong hai.`,
        en: `${both} is both a day off and a make-up working day. Remove one.`,
      });
    }
    const value = { holidays: [...new Set(input.holidays)].sort(), makeUpWorkingDays: [...new Set(input.makeUpWorkingDays)].sort() };
    await this.settings.transaction(async (trx) => {
      await this.settings.set(KEY, value, trx);
      await this.audit.append(trx, factsOf(actor, this.now(), {
        action: 'settings.calendar', resourceType: 'settings', resourceId: KEY, detail: { holidays: value.holidays.length, makeUpWorkingDays: value.makeUpWorkingDays.length },
      }));
    });
    return this.view();
  }
}
