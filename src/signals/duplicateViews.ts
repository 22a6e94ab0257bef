import type { Services } from '../composition';
import { fill, paths } from '../web/paths';
import type { SignalRef } from './duplicateRepository';

const linked = (s: SignalRef) => ({ reference: s.reference, href: fill(paths.signals.show, { id: s.id }) });

/** What the signal page says about duplicates: "Dubbel van S-…" on a duplicate, its duplicates on an original. */
export async function duplicatePanel(services: Services, id: string) {
  const links = await services.signals.duplicateLinks(id);
  const group = links.duplicates.length > 0 ? await services.signals.reportersOf(id) : undefined;
  return {
    of: links.of && linked(links.of),
    duplicates: links.duplicates.map(linked),
    reporters: group?.reporters,
    // An original cannot become a duplicate itself (no chains), so the form is left out there.
    canMark: !links.of && links.duplicates.length === 0,
  };
}
