import type { FieldErrors } from '../../common/errors';
import { ANSWERS, WRITTEN_CHANNELS } from '../types';

/**
 * The two standard questions, asked in writing: the staff member's first message to a young person on the follow page
 * starts as this text, which they may change. The answers come from the reply, recorded by staff (writtenAnswers.ts).
 */
export const STANDARD_QUESTIONS_MESSAGE = [
  'Hoi,',
  '',
  'Dank je wel voor je melding. Ik werk bij het Landelijk Meldpunt Zorg en ik heb gelezen wat je schreef.',
  '',
  'We stellen iedereen die ons iets vertelt twee vragen. Je mag ze overslaan als je dat liever niet wilt.',
  '',
  '1. Is het op deze plek vaker niet veilig, bijvoorbeeld door hoe het er geregeld is of hoe er met jongeren wordt omgegaan?',
  '2. Heb je daar iets meegemaakt dat over je grens ging? Bijvoorbeeld dat iemand je pijn deed, je uitschold of je aanraakte terwijl je dat niet wilde.',
  '',
  'Je kunt hier antwoorden. Ik lees je antwoord en schrijf je terug.',
].join('\n');

export interface StandardAnswers {
  structuralUnsafety?: string;
  boundaryCrossing?: string;
  notDiscussedReason?: string;
}

const QUESTION = { structuralUnsafety: 'signalen van structurele onveiligheid', boundaryCrossing: 'grensoverschrijdend gedrag' } as const;
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * `required`: a successful contact with a young person answers both. 'Niet beantwoord' belongs to a written contact
 * only, so it never stands in for a question that was not asked in a conversation (that is 'niet besproken', with why).
 */
export function standardAnswerErrors(input: StandardAnswers, channel: string, required: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const written = WRITTEN_CHANNELS.includes(channel);
  for (const key of ['structuralUnsafety', 'boundaryCrossing'] as const) {
    const v = text(input[key]);
    if (!v && !required) continue;
    if (!Object.hasOwn(ANSWERS, v))
      errors[key] = required ? `Beantwoord de vraag over ${QUESTION[key]}` : 'Kies ja, nee, niet besproken of niet beantwoord';
    else if (v === 'niet-beantwoord' && !written)
      errors[key] = '‘Niet beantwoord’ past alleen bij schriftelijk contact; kies anders ‘niet besproken’ en zeg waarom';
  }
  const notDiscussed = text(input.structuralUnsafety) === 'niet-besproken' || text(input.boundaryCrossing) === 'niet-besproken';
  if (required && notDiscussed && !text(input.notDiscussedReason)) errors.notDiscussedReason = 'Leg uit waarom een vraag niet is besproken';
  return errors;
}
