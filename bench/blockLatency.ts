/**
 * Block-to-subscriber latency: the time from `evm_mine` returning on anvil to a graphql-ws `blockAdded` event
 * reaching a client, next to the floor measured in the same run: anvil pushing `newHeads` straight to a raw
 * WebSocket client (what any consumer of the node itself would see).
 *
 *   npm run bench:latency -- [--blocks 200] [--intervalMs 100] [--mode embedded|postgres-redis]
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startAnvil } from '../src/devnet/anvil/startAnvil.js';
import { writeChainsFile } from '../test/helpers/chainsFile.js';
import { createTestPostgres, testRedisUrl } from '../test/helpers/database.js';
import { createWsClient } from '../test/helpers/graphqlClients.js';
import { rpc, waitFor } from '../test/helpers/rpc.js';
import { startTestApp } from '../test/helpers/startTestApp.js';
import { fmt, summarize } from './stats.js';

const { values } = parseArgs({ options: { blocks: { type: 'string', default: '200' }, intervalMs: { type: 'string', default: '100' }, mode: { type: 'string', default: 'embedded' } } });
const blocks = Number(values.blocks);
const intervalMs = Number(values.intervalMs);
const mode = values.mode === 'postgres-redis' ? 'postgres-redis' : 'embedded';
const CHAIN_ID = 31_999;

const anvil = await startAnvil({ chainId: CHAIN_ID, automine: false });
const pg = mode === 'postgres-redis' ? await createTestPostgres() : undefined;
const app = await startTestApp({
  CHAINS_CONFIG: writeChainsFile([anvil], { pollIntervalMs: 1000 }),
  ...(pg ? { DATABASE_URL: pg.url, REDIS_URL: testRedisUrl } : {}),
});
await waitFor(async () => app.app.followers[0]?.snapshot().status === 'live', 20_000, 'follower live');

const sent = new Map<number, number>();
const viaNode: number[] = [];
const viaApi: number[] = [];

// Floor: the node's own push.
const raw = new WebSocket(anvil.wsUrl);
await new Promise((resolve) => raw.once('open', resolve));
raw.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }));
raw.on('message', (data: Buffer) => {
  const message = JSON.parse(data.toString()) as { params?: { result?: { number: string } } };
  const number = message.params?.result?.number;
  const t0 = number ? sent.get(Number(number)) : undefined;
  if (t0 !== undefined) viaNode.push(performance.now() - t0);
});

const client = createWsClient(app.wsUrl);
let received = 0;
client.subscribe<{ blockAdded: { number: number } }>(
  { query: `subscription { blockAdded(chainId: ${CHAIN_ID}) { number hash timestamp } }` },
  {
    next: ({ data }) => {
      const t0 = data ? sent.get(data.blockAdded.number) : undefined;
      if (t0 !== undefined) {
        viaApi.push(performance.now() - t0);
        received++;
      }
    },
    error: (error) => {
      throw error;
    },
    complete: () => undefined,
  },
);
await new Promise((r) => setTimeout(r, 500));

for (let i = 0; i < blocks; i++) {
  const head = Number(await rpc<string>(anvil.rpcUrl, 'eth_blockNumber'));
  sent.set(head + 1, performance.now());
  await rpc(anvil.rpcUrl, 'evm_mine');
  await new Promise((r) => setTimeout(r, intervalMs));
}
await waitFor(() => received >= blocks, 10_000, 'all events').catch(() => undefined);

const node = summarize(viaNode);
const api = summarize(viaApi);
const rows = [
  ['anvil newHeads -> raw ws client (floor)', node],
  [`evm_mine -> graphql-ws blockAdded (${mode})`, api],
] as const;
const lines = [
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${blocks} blocks, one every ~${intervalMs} ms`,
  '| path | n | median ms | p90 ms | p99 ms | max ms |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(([name, s]) => `| ${name} | ${s.n} | ${fmt(s.median)} | ${fmt(s.p90)} | ${fmt(s.p99)} | ${fmt(s.max)} |`),
  `median ratio api/floor: ${(api.median / node.median).toFixed(2)}x; added median: ${fmt(api.median - node.median)} ms`,
];
process.stdout.write(`${lines.join('\n')}\n`);

raw.close();
await client.dispose();
await app.stop();
await anvil.stop();
await pg?.drop();
process.exit(api.n === blocks ? 0 : 1);
