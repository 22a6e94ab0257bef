import type { ContactAttemptRow, MessageRow } from '../../db/database';
import { formatDateTime } from '../../web/format';
import type { Signal } from '../signal';
import { ANSWERS, CONTACT_CHANNELS, WRITTEN_CHANNELS, isYoungPerson } from '../types';
import { STANDARD_QUESTIONS_MESSAGE } from './standardQuestions';

const answerOptions = (chosen: unknown) => Object.entries(ANSWERS).map(([value, text]) => ({ value, text, checked: chosen === value }));

/**
 * The signal page's parts for issue 8 points 2–4: why it is urgent, the staff message form's first text, and the form
 * for the standard questions' answers from a written contact. What was typed (`values`) wins over what was saved.
 */
const URGENT_REASONS: Record<string, string> = {
  'niet-veilig': 'de melder gaf aan dat de jongere nu niet veilig is',
  'ernstige-bedreiging': 'de beoordeling vond een ernstige bedreiging van de veiligheid',
  dubbel: 'een dubbele melding van dit signaal is spoed',
};

export function alertView(
  s: Signal,
  attempts: ContactAttemptRow[],
  messages: MessageRow[],
  values: Record<string, unknown>,
  urgentWhy?: string,
) {
  const young = isYoungPerson(s.reporterType);
  const firstStaffMessage = young && !messages.some((m) => m.direction === 'staff');
  const written = young ? attempts.find((a) => a.successful && WRITTEN_CHANNELS.includes(a.channel)) : undefined;
  const typed = (k: string): string | undefined => {
    const v = values[k];
    return typeof v === 'string' ? v : undefined;
  };
  return {
    urgentReason: URGENT_REASONS[urgentWhy ?? (s.safeNow === 'nee' ? 'niet-veilig' : 'ernstige-bedreiging')],
    messageValue: typed('message') ?? (firstStaffMessage ? STANDARD_QUESTIONS_MESSAGE : ''),
    messageHint: firstStaffMessage ? 'Dit eerste bericht stelt de twee standaardvragen. Pas de tekst gerust aan.' : undefined,
    messageRows: firstStaffMessage ? 14 : 4,
    writtenContact: written && {
      id: written.id,
      when: formatDateTime(written.at),
      channelLabel: (CONTACT_CHANNELS[written.channel as keyof typeof CONTACT_CHANNELS] ?? written.channel).toLowerCase(),
      suOptions: answerOptions(typed('writtenSu') ?? written.structural_unsafety),
      bcOptions: answerOptions(typed('writtenBc') ?? written.boundary_crossing),
      reason: typed('writtenReason') ?? written.not_discussed_reason ?? '',
    },
  };
}
