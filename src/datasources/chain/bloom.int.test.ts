import { parseAbi } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../devnet/anvil/startAnvil.js';
import { createDevnetClients } from '../../devnet/clients.js';
import { deployWeth } from '../../devnet/protocols/weth.js';
import { bloomMayContain, bloomMayMatchTopics } from './bloom.js';

const EMPTY_BLOOM = `0x${'0'.repeat(512)}`;
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

describe('logs bloom', () => {
  let anvil: Anvil;
  beforeAll(async () => {
    anvil = await startAnvil({ chainId: 31_337 });
  });
  afterAll(async () => {
    await anvil?.stop();
  });

  it("contains every address and topic of a block's logs, as the node computed it", async () => {
    const clients = createDevnetClients({ rpcUrl: anvil.rpcUrl, chainId: 31_337, name: 'bloom' });
    const weth = await deployWeth(clients);
    const hash = await clients.walletClient.writeContract({ address: weth, abi: parseAbi(['function deposit() payable']), functionName: 'deposit', value: 10n ** 18n });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    const block = await clients.publicClient.getBlock({ blockHash: receipt.blockHash });
    const logs = await clients.publicClient.getLogs({ blockHash: receipt.blockHash });
    expect(logs.length).toBeGreaterThan(0);
    for (const log of logs) {
      expect(bloomMayContain(block.logsBloom!, log.address)).toBe(true);
      for (const topic of log.topics) expect(bloomMayContain(block.logsBloom!, topic!)).toBe(true);
    }
    // Deposit is in the bloom; an ERC-20 Transfer was not emitted and (barring a rare false positive) is not.
    expect(bloomMayMatchTopics(block.logsBloom!, [logs[0]!.topics[0]!])).toBe(true);
    expect(bloomMayContain(block.logsBloom!, TRANSFER_TOPIC)).toBe(false);
  });

  it('an empty bloom contains nothing; a malformed one proves nothing', () => {
    expect(bloomMayContain(EMPTY_BLOOM, TRANSFER_TOPIC)).toBe(false);
    expect(bloomMayMatchTopics(EMPTY_BLOOM, [TRANSFER_TOPIC])).toBe(false);
    expect(bloomMayContain('0x1234', TRANSFER_TOPIC)).toBe(true);
  });
});
