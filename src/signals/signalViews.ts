import { fill, paths } from '../web/paths';
import { formatDateTime } from '../web/format';
import { CHANNELS, REPORTER_TYPES, SIGNAL_STATUSES, type FollowUpStatus } from './types';
import type { QueueItem } from './followUp/workQueue';

// Small pure functions that shape signals for the templates.

export function durationText(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts =
    days > 0
      ? [`${days} ${days === 1 ? 'dag' : 'dagen'}`, hours > 0 ? `${hours} uur` : '']
      : hours > 0
        ? [`${hours} uur`, mins > 0 ? `${mins} min` : '']
        : [`${mins} min`];
  return parts.filter(Boolean).join(' ');
}

/** Time left in words; overdue says so in words too, so it never depends on colour alone. */
export const timeLeftText = (ms: number): string => (ms > 0 ? `nog ${durationText(ms)}` : `${durationText(ms)} te laat`);

export const URGENCY = {
  overdue: { label: 'Te laat', className: 'app-tag app-tag--danger' },
  soon: { label: 'Binnen 12 uur', className: 'app-tag app-tag--warning' },
  normal: { label: '', className: '' },
} as const;

export const FOLLOW_UP_LABELS: Record<FollowUpStatus, string> = {
  open: 'Nog geen contact',
  met: 'Contact binnen de norm',
  late: 'Contact na de termijn',
  breached: 'Termijn verlopen zonder contact',
  unreachable: 'Melder onbereikbaar',
};

export const queueRow = (i: QueueItem) => ({
  ...i,
  href: fill(paths.signals.show, { id: i.id }),
  reporterLabel: REPORTER_TYPES[i.reporterType as keyof typeof REPORTER_TYPES] ?? i.reporterType,
  channelLabel: CHANNELS[i.channel as keyof typeof CHANNELS] ?? i.channel,
  place: i.providerName ?? i.providerText ?? 'onbekend',
  received: formatDateTime(i.receivedAt),
  due: formatDateTime(i.dueAt),
  // Back in the queue for a new message after contact: the deadline is met or missed, no time is left to show.
  timeLeft: i.waitingForContact ? timeLeftText(i.msLeft) : FOLLOW_UP_LABELS[i.followUp],
  urgencyLabel: URGENCY[i.urgency].label,
  urgencyClass: URGENCY[i.urgency].className,
  claimAction: fill(paths.signals.claim, { id: i.id }),
});

export const statusLabel = (s: string) => SIGNAL_STATUSES[s as keyof typeof SIGNAL_STATUSES] ?? s;
