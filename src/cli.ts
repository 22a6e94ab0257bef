import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { services as buildServices } from './composition';
import { prepareDatabase } from './startup';
import { systemActor } from './audit/types';
import { verifyProgress } from './audit/verifyProgress';
import { ValidationError } from './common/errors';

// Exact contract (other tooling depends on it):
//   cli create-user --email E --name N --role R [--role R2] --password P [--team T]
//   cli create-api-token --name N        -> the token alone on the last line
//   cli verify-audit [--since-anchor]    -> exit 1 when the chain is broken (from the newest anchor on only)
//   cli migrate
const USAGE = 'Gebruik: cli <create-user|create-api-token|verify-audit|migrate> [opties]';

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      password: { type: 'string' },
      team: { type: 'string' },
      'since-anchor': { type: 'boolean' },
    },
    strict: true,
  });
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  await prepareDatabase(config);
  if (command === 'migrate') return 0;
  const services = buildServices(config);
  const actor = systemActor('cli');
  try {
    switch (command) {
      case 'create-user': {
        const user = await services.users.create(actor, {
          email: values.email ?? '',
          name: values.name ?? '',
          roles: values.role ?? [],
          team: values.team ?? null,
          password: values.password ?? '',
        });
        console.log(`Gebruiker aangemaakt: ${user.email} (${user.roles.join(', ')})`);
        return 0;
      }
      case 'create-api-token': {
        const { token } = await services.apiTokens.create(actor, values.name ?? '');
        console.log(`API-token '${values.name}' aangemaakt. Bewaar het nu; het wordt niet opnieuw getoond:`);
        console.log(token);
        return 0;
      }
      case 'verify-audit': {
        const progress = verifyProgress();
        const result = await services.audit.verify({ sinceAnchor: values['since-anchor'], onProgress: progress.update });
        progress.done();
        for (const p of result.problems) console.error(p);
        const from = result.since ? ` vanaf het anker van ${result.since.at} (regel ${result.since.id}; eerdere regels niet)` : '';
        const anchors = `${result.anchors} ${result.anchors === 1 ? 'anker' : 'ankers'}`;
        console.log(
          result.ok
            ? `Audittrail in orde: ${result.checked} regels gecontroleerd${from}, ${anchors} in ${result.anchorFile}.`
            : `Audittrail NIET in orde: ${result.problems.length} problemen in ${result.checked} regels${from} (ankerbestand ${result.anchorFile}).`,
        );
        return result.ok ? 0 : 1;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (e) {
    if (e instanceof ValidationError) {
      for (const [field, msg] of Object.entries(e.fieldErrors)) console.error(`${field}: ${msg}`);
      return 2;
    }
    throw e;
  } finally {
    // What this command added to the audit trail is anchored at once, not only at the worker's next sweep.
    // Not after verify-audit: a chain that failed verification is not to be vouched for.
    if (command !== 'verify-audit')
      await services.audit.checkpoint().catch((e: Error) => console.error(`Audit-anker niet geschreven: ${e.message}`));
    await services.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
