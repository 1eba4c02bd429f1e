import { parseArgs } from 'node:util';
import { moduleLogger } from '../log.ts';
import { createBotApiHandler } from './http/bot-api-handler.ts';
import { serveFetchHandler } from './http/serve-fetch-handler.ts';
import { Sandbox } from './sandbox.ts';

/** `npm run sandbox -- --port N [--token T]`: the emulator on its own, for a bot in another process. */
const { values } = parseArgs({
  options: { port: { type: 'string', default: '8081' }, token: { type: 'string' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

const log = moduleLogger('sandbox');
const sandbox = new Sandbox({ ...(values.token ? { botToken: values.token } : {}), log });
const served = await serveFetchHandler(createBotApiHandler(sandbox), { port, hostname: '127.0.0.1', log });

console.log(`Telegram sandbox listening.
  Bot API root (TELEGRAM_API_ROOT / grammY apiRoot): ${served.url}
  Bot token:                                         ${sandbox.token}
  Client API:                                        ${served.url}/client/users
  Channels: VIP ${sandbox.vipChannelId}, free ${sandbox.freeChannelId}`);

const shutdown = async (): Promise<void> => {
  sandbox.close();
  await served.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
