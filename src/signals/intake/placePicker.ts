import type { Services } from '../../composition';
import { ValidationError } from '../../common/errors';
import { asText } from '../../web/forms';

/** Choosing a place in the staff registration form: the search box's own button re-renders the form with matches. */
export const SEARCH_ACTION = 'zoeken';

/**
 * The place part of the registration form, as a search instead of one select of every provider, location and group:
 * what was typed in `placeQ`, the matches as radio buttons (values `p:`, `l:` or `u:` and an id), the place chosen
 * earlier kept on top even when the new search does not find it, and a choice for none. Works without JavaScript.
 */
export async function placePicker(services: Services, values: Record<string, unknown>, errors: Record<string, string> = {}) {
  const chosen = asText(values.place);
  const q = asText(values.placeQ).trim();
  const chosenLabel = chosen ? await services.providers.placeLabel(chosen, { staff: true }) : undefined;
  let found: { options: Array<{ value: string; text: string }>; more: boolean } = { options: [], more: false };
  let error: string | undefined;
  if (q.length >= 2) {
    try {
      found = await services.providers.searchPlaces(q, 25, { staff: true });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      error = e.fieldErrors.q ?? Object.values(e.fieldErrors)[0];
    }
  }
  const kept = chosenLabel && !found.options.some((o) => o.value === chosen) ? [{ value: chosen, text: chosenLabel }] : [];
  const choices = [...kept, ...found.options];
  return {
    placeQ: asText(values.placeQ),
    // A message about the place shows beside the radio buttons, or beside the search box when there are none.
    placeQError: error ?? (choices.length === 0 ? errors.place : undefined),
    placeTooShort: q.length === 1,
    placeSearched: q.length >= 2 && !error,
    placeMore: found.more,
    placeOptions:
      choices.length === 0
        ? []
        : [...choices, { value: '', text: 'Geen van deze: onbekend, of in eigen woorden hieronder' }].map((o) => ({
            ...o,
            // A place that no longer exists is not shown as chosen; "none", once chosen, stays chosen.
            checked: values.place !== undefined && o.value === chosen && (chosen === '' || Boolean(chosenLabel)),
          })),
  };
}
