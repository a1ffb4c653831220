/**
 * `npm run simulator`: the simulator as a standalone Binance Spot emulator. Parses the command
 * line, starts the exchange through the same `startFakeExchange` tests and the demo use, prints
 * ONE JSON line with its URLs and default credentials on stdout (everything else goes to stderr),
 * and stops cleanly on SIGTERM or SIGINT. Runs under tsx or compiled with plain node.
 */
import { CliError, parseCli, USAGE } from './cli-options.js';
import { startFakeExchange } from './fake-exchange.js';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

let choice;
try {
  choice = parseCli(process.argv.slice(2));
} catch (error) {
  log(error instanceof CliError || error instanceof TypeError ? `simulator: ${error.message}\n\n${USAGE}` : String(error));
  process.exit(2);
}
if (choice.help) {
  log(USAGE);
  process.exit(0);
}

let exchange;
try {
  exchange = await startFakeExchange(choice.options);
} catch (error) {
  log(`simulator: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
if (choice.freezeAt !== undefined) exchange.clock.freeze(choice.freezeAt);
process.stdout.write(`${JSON.stringify({ baseUrl: exchange.url, wsUrl: exchange.wsUrl, wsApiUrl: exchange.wsApiUrl, apiKey: exchange.apiKey, apiSecret: exchange.apiSecret })}\n`);
log(`simulator: Binance Spot emulator on ${exchange.url} (streams ${exchange.wsUrl}/stream, WebSocket API ${exchange.wsApiUrl})`);

const running = exchange;
const stop = (signal: string): void => {
  log(`simulator: ${signal}, stopping`);
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      log(`simulator: stop failed: ${String(error)}`);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
