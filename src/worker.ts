// Separate worker entry point: the same services, only the job workers.
import { runOrExit } from './main';

runOrExit('worker');
