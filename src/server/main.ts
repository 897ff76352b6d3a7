/** `npm start`: run a Basin server until SIGTERM/SIGINT. */
import { readConfig, UsageError } from './config.ts';
import { startBasin } from './basin-server.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const server = await startBasin(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`received ${signal}, shutting down`);
    server.close().then(() => process.exit(0), (e: unknown) => {
      console.error(e);
      process.exit(1);
    });
  };
  // A bug that escapes a session must not take every other session down with it: log it loudly instead.
  process.on('unhandledRejection', (e) => console.error('basin: unhandled rejection (bug):', e));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Test harnesses and scripts wait for exactly this line, and may signal the server the moment they see it:
  // so it comes after the handlers are in place.
  console.log(`Basin listening on ${server.host}:${server.port}`);
}

main().catch((e: unknown) => {
  console.error('basin: failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
