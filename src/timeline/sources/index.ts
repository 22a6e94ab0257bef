import type { TimelineSource } from '../types';
import { signalSource } from './signalSource';
import { reportSource } from './reportSource';
import { consultationSource } from './consultationSource';
import { statusSource } from './statusSource';
import { alertSource } from './alerts';

// The kinds on the timeline, in the order of the kind filter. A new kind is one file beside these and one line here.
export const timelineSources: readonly TimelineSource[] = [signalSource, reportSource, consultationSource, alertSource, statusSource];
