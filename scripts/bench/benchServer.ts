import { loadConfig } from '../../src/config';
import { services as buildServices } from '../../src/composition';
import { createApp } from '../../src/app';

// The app alone, in its own process, for the benchmark to call over HTTP.
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const services = buildServices(config, { statementTimeoutMs: config.webStatementTimeoutMs });
const server = createApp(services).listen(config.port, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => void services.close().then(() => process.exit(0))));
