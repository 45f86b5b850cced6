import { getAbiItem, maxUint256, parseEther, type Address, type Hash } from 'viem';
import { aaveV3PoolAbi } from '../../protocols/aaveV3Abis.js';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import { sendAll } from '../sendAll.js';
import { aaveLiquidate, type TxBody } from '../txBuilders.js';
import type { Agent, PendingLabel, SimWorld } from '../types.js';
import { asRequest, balanceKey, readBalances, topUpIfShort } from './agentHelpers.js';
import { readGroups } from '../readMany.js';
import { accountCalls, decodeAccounts, decodeOraclePrices, HEALTH_FACTOR_ONE, oraclePricesCall, rawToBase, readPositions } from './aaveReads.js';

/** Options of {@link createLiquidatorAgent}. */
export interface CreateLiquidatorAgentOptions {
  seed: number;
  chainId: number;
  /** Liquidator wallets, used in turn. Default 2. */
  count?: number;
}

const FUNDING_USD: Readonly<Record<string, number>> = { USDC: 20e6, USDT: 20e6, DAI: 20e6, WETH: 5e6 };
/** Below this health factor Aave lets a liquidator repay all of the debt (close factor 100 %), else half. */
const CLOSE_FACTOR_HF_THRESHOLD = 95n * 10n ** 16n;
const MAX_LIQUIDATIONS_PER_TICK = 4;
/** After the users (1-3 gwei), before the arbitrageurs (0.5 gwei): its pending-state reads match execution. */
const TIP_GWEI = 0.8;
const borrowEvent = getAbiItem({ abi: aaveV3PoolAbi, name: 'Borrow' });

/**
 * Liquidators (searchers): follow Aave `Borrow` events to know the borrowers, read their health factors at
 * the pending state (after this block's oracle update and user transactions) and call `liquidationCall` on
 * every position below 1, repaying the largest debt against the largest collateral (as much as the close
 * factor allows). Each is labelled `liquidation` with the liquidator and the borrower as actors.
 */
export function createLiquidatorAgent(options: CreateLiquidatorAgentOptions): Agent {
  const wallets = createAgentWallets('liquidator', options.seed, options.count ?? 2);
  const borrowers = new Set<Address>();
  let scannedTo = -1n;
  let turn = 0;
  return {
    kind: 'liquidator',
    phase: 'searchers',
    wallets,
    async setup(world) {
      const aave = world.deployment.aave;
      if (aave) await fundWallets(world, wallets, { ethWei: parseEther('1000'), tokensUsd: FUNDING_USD, spenders: [aave.pool] });
    },
    async act(world, tick) {
      const aave = world.deployment.aave;
      if (!aave) return [];
      const head = tick.blockNumber - 1n;
      if (head > scannedTo) {
        const logs = await world.clients.publicClient.getLogs({ address: aave.pool, event: borrowEvent, fromBlock: scannedTo + 1n, toBlock: head, strict: true });
        for (const log of logs) borrowers.add(log.args.onBehalfOf);
        scannedTo = head;
      }
      const users = [...borrowers].sort();
      // One eth_call at the pending block (after the oracle update and the users): what the liquidation meets.
      const [accountResults, priceResults] = await readGroups(world, [accountCalls(world, users), [oraclePricesCall(world)]], 'pending');
      const accounts = decodeAccounts(accountResults!);
      const targets = users
        .map((user, i) => ({ user, account: accounts[i]! }))
        .filter(({ account }) => account.debtBase > 0n && account.healthFactor < HEALTH_FACTOR_ONE)
        .slice(0, MAX_LIQUIDATIONS_PER_TICK);
      if (targets.length === 0) return [];
      const prices = decodeOraclePrices(world, priceResults![0]);
      const requests = [];
      const labelled: { index: number; label: Omit<PendingLabel, 'txHashes'> }[] = [];
      for (const { user, account } of targets) {
        const positions = await readPositions(world, user, 'pending');
        const value = (asset: Address, raw: bigint) => rawToBase(raw, prices.get(asset) ?? 0n, decimalsOf(world, asset));
        const byValue = (pick: 'debt' | 'supplied') =>
          [...positions].filter(([, position]) => position[pick] > 0n).sort(([a, pa], [b, pb]) => (value(b, pb[pick]) > value(a, pa[pick]) ? 1 : -1))[0];
        const debt = byValue('debt');
        const collateral = byValue('supplied');
        if (!debt || !collateral) continue;
        const wallet = wallets[turn++ % wallets.length]!;
        const coverable = account.healthFactor < CLOSE_FACTOR_HF_THRESHOLD ? debt[1].debt : debt[1].debt / 2n;
        const debtToken = world.deployment.tokens.find((token) => token.address === debt[0])!;
        const balance = (await readBalances(world, [[wallet.address, debt[0]]])).get(balanceKey(wallet.address, debt[0])) ?? 0n;
        const bodies: TxBody[] = [
          ...topUpIfShort(world, wallet.address, debtToken, balance, coverable + coverable / 20n),
          aaveLiquidate(aave.pool, { collateralAsset: collateral[0], debtAsset: debt[0], user, debtToCover: maxUint256 }),
        ];
        requests.push(...bodies.map((body) => asRequest(wallet, TIP_GWEI, body)));
        labelled.push({
          index: requests.length - 1,
          label: {
            kind: 'liquidation',
            actors: [wallet.address, user],
            targets: [aave.pool, collateral[0], debt[0]],
            amounts: { debtRaw: debt[1].debt.toString(), debtToCoverRaw: coverable.toString(), collateralRaw: collateral[1].supplied.toString() },
            meta: {
              healthFactor: Number(account.healthFactor / 10n ** 12n) / 1e6,
              debtAsset: debtToken.symbol,
              collateralAsset: world.deployment.tokens.find((token) => token.address === collateral[0])?.symbol ?? 'UNKNOWN',
            },
          },
        });
      }
      const hashes = await sendAll(world, requests, 'liquidator');
      return labelled.flatMap(({ index, label }) => (hashes[index] ? [{ ...label, txHashes: [hashes[index] as Hash] }] : []));
    },
  };
}

function decimalsOf(world: SimWorld, asset: Address): number {
  return world.deployment.tokens.find((token) => token.address === asset)?.decimals ?? 18;
}
