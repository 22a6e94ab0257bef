// Separate worker entry point: the same services, only the job workers.
import { run, runOrExit } from './main';

runOrExit(() => run('worker'));
