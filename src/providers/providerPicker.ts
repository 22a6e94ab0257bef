import { ValidationError } from '../common/errors';
import type { ProviderService } from './providerService';

export interface ProviderPicker {
  /** The filter's own field name (`providerId` in the work queue, `provider` in the signal list). */
  name: string;
  chosen?: { id: string; name: string };
  /** The same list without this filter. */
  clearHref?: string;
  q: string;
  error?: string;
  tooShort?: boolean;
  searched?: boolean;
  options?: Array<{ value: string; text: string; checked: boolean }>;
  more?: boolean;
}

/**
 * A provider filter that is a search rather than a select of thousands, and works without JavaScript: the chosen
 * provider with a link that drops it, or what was typed with the matching providers as radio buttons, submitted by
 * the list's own GET form (views/partials/providerPicker.hbs); what was typed comes as `providerQ`.
 */
export async function providerPicker(
  providers: ProviderService,
  o: { name: string; chosen: string; q: string; clearHref: string },
): Promise<ProviderPicker> {
  const chosenName = o.chosen ? await providers.placeLabel(`p:${o.chosen}`) : undefined;
  if (chosenName) return { name: o.name, chosen: { id: o.chosen, name: chosenName }, clearHref: o.clearHref, q: '' };
  const q = o.q.trim();
  if (q.length === 1) return { name: o.name, q, tooShort: true };
  if (q.length === 0) return { name: o.name, q };
  try {
    const { options, more } = await providers.findForFilter(q);
    return { name: o.name, q, searched: true, options: options.map((x) => ({ ...x, checked: false })), more };
  } catch (e) {
    // Text that cannot be searched for (too long, control characters) is said beside the box.
    if (!(e instanceof ValidationError)) throw e;
    return { name: o.name, q: o.q, error: e.fieldErrors.q ?? Object.values(e.fieldErrors)[0] };
  }
}
