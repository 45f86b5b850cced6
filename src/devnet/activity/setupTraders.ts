import { encodeFunctionData, maxUint256, parseEther, type LocalAccount } from 'viem';
import { erc20Abi, wethAbi } from '../abis.js';
import type { DevnetClients } from '../clients.js';
import type { DevnetChainDeployment } from '../deployDevnetChain.js';
import { usdToAmountRaw } from '../protocols/tokens.js';
import { mapConcurrent } from '../utils/mapConcurrent.js';
import type { TxRequest, TxSender } from './createTxSender.js';
import { mineUntilIncluded } from './mineUntilIncluded.js';

/** Starting balances of every trader. */
export const TRADER_FUNDING = { ethBalance: parseEther('10000'), wrappedEth: parseEther('30'), tokenUsd: 100_000 };

const SETUP_GAS = 100_000n; // mint ~70k, approve ~46k, deposit ~45k: 16 traders fit one 30M block
const SETUP_TIP = 1_000_000_000n;
const SEND_CONCURRENCY = 8;

/**
 * Funds the traders and approves the router for them, batched into as few blocks as the gas limit
 * allows: `anvil_setBalance` for ETH, deployer mints of every ERC-20, a WETH deposit each, and
 * unlimited router approvals. Turns automining off (the activity loop mines from here on).
 * @throws {DevnetTransactionError} when a setup transaction reverts.
 */
export async function setupTraders(
  clients: DevnetClients,
  deployment: DevnetChainDeployment,
  traders: readonly LocalAccount[],
  sender: TxSender,
): Promise<void> {
  const { testClient, publicClient, deployer } = clients;
  await testClient.setAutomine(false);
  await Promise.all(traders.map((trader) => testClient.setBalance({ address: trader.address, value: TRADER_FUNDING.ethBalance })));
  const block = await publicClient.getBlock({ blockTag: 'latest' });
  sender.setBaseFee(block.baseFeePerGas ?? 1_000_000_000n);
  const requests = traders.flatMap((trader) => buildFundingRequests(deployment, deployer, trader));
  // Concurrent sends are safe: the sender reserves nonces in call order, and the node queues
  // out-of-order nonces until the gap fills. The resulting state does not depend on the order.
  const hashes = await mapConcurrent(requests, SEND_CONCURRENCY, (request) => sender.send(request));
  await mineUntilIncluded(clients, hashes, 'fund traders');
}

// Per token: a deployer mint (or, for WETH, the trader's own deposit), then the router approval.
function buildFundingRequests(deployment: DevnetChainDeployment, deployer: LocalAccount, trader: LocalAccount): TxRequest[] {
  const common = { gas: SETUP_GAS, maxPriorityFeePerGas: SETUP_TIP };
  const approve = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [deployment.uniswapV2.router, maxUint256] });
  return deployment.tokens.flatMap((token): TxRequest[] => {
    const fund: TxRequest =
      token.address === deployment.weth
        ? { ...common, account: trader, to: token.address, data: encodeFunctionData({ abi: wethAbi, functionName: 'deposit' }), value: TRADER_FUNDING.wrappedEth }
        : {
            ...common,
            account: deployer,
            to: token.address,
            data: encodeFunctionData({ abi: erc20Abi, functionName: 'mint', args: [trader.address, usdToAmountRaw(token, TRADER_FUNDING.tokenUsd)] }),
          };
    return [fund, { ...common, account: trader, to: token.address, data: approve }];
  });
}
