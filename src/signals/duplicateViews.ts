import type { Services } from '../composition';
import { fill, paths } from '../web/paths';
import type { SignalRef } from './duplicateRepository';
import type { Reader } from './signalReader';

const linked = (s: SignalRef) => ({ reference: s.reference, href: fill(paths.signals.show, { id: s.id }) });

/** What the signal page says about duplicates: "Dubbel van S-…" on a duplicate, its duplicates on an original. */
export async function duplicatePanel(services: Services, id: string, user: Reader) {
  const links = await services.signals.duplicateLinks(id);
  const group = links.duplicates.length > 0 ? await services.signals.reportersOf(id) : undefined;
  // An inspector learns only the references of signals they may read themselves; the count of reporters says the rest.
  const readable = async (s: SignalRef) => ((await services.signalReader.canRead(user, s)) ? s : undefined);
  const of = links.of && (await readable(links.of));
  const duplicates = (await Promise.all(links.duplicates.map(readable))).filter((s): s is SignalRef => s !== undefined);
  return {
    of: links.of && (of ? linked(of) : { reference: 'een ander signaal', href: undefined }),
    duplicates: duplicates.map(linked),
    hidden: links.duplicates.length - duplicates.length,
    reporters: group?.reporters,
    // An original cannot become a duplicate itself (no chains), so the form is left out there.
    canMark: !links.of && links.duplicates.length === 0,
  };
}
