import { createWalletClient, http, type Hash } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { createDevnetClients, type DevnetClients } from '../../../src/devnet/clients.js';
import { DEVNET_MNEMONIC } from '../../../src/devnet/constants.js';
import { DEVNET_TOKEN_SPECS, ETH_REFERENCE_PRICE_USD, deployTokens } from '../../../src/devnet/protocols/tokens.js';
import { WETH_TOKEN, deployWeth } from '../../../src/devnet/protocols/weth.js';
import { runAaveV3Steps } from './defiScenarioAave.js';
import { runUniswapV2Steps, runUniswapV3Steps } from './defiScenarioUniswap.js';
import { lc, type ExpectedEvent, type ScenarioContext, type ScenarioWallet } from './defiScenarioContext.js';

/** Outcome of {@link runDefiScenario}. */
export interface DefiScenario {
  clients: DevnetClients;
  tokens: ScenarioContext['tokens'];
  /** One entry per action, in order. Every indexed kind appears at least once. */
  expected: ExpectedEvent[];
  /** Transactions that minted a Uniswap V3 position NFT: their ERC-721 `Transfer` shares topic0 with ERC-20's. */
  erc721MintTxHashes: string[];
  /** The last block of each phase: a height that splits the data across many tables. */
  phaseEndBlocks: { tokens: number; uniswapV2: number; uniswapV3: number; aaveV3: number };
}

async function blockOf(clients: DevnetClients): Promise<number> {
  return Number(await clients.publicClient.getBlockNumber({ cacheTime: 0 }));
}

/**
 * Test support: deploys WETH, USDC and DAI, Uniswap V2, Uniswap V3 and Aave V3 on an automining devnet chain, then
 * performs one action per indexed event kind (swaps both ways, liquidity in and out, supply, borrow, an oracle price
 * drop, a liquidation, repay, withdraw) and records what each action must have emitted. Takes ~10-30 s.
 * @throws DevnetTransactionError | UniswapV3Error | AaveV3Error when a transaction reverts.
 */
export async function runDefiScenario(params: { rpcUrl: string; chainId: number }): Promise<DefiScenario> {
  const clients = createDevnetClients({ rpcUrl: params.rpcUrl, chainId: params.chainId, name: `scenario-${params.chainId}` });
  const wallet = (addressIndex: number): ScenarioWallet =>
    createWalletClient({
      chain: clients.chain,
      transport: http(params.rpcUrl, { retryCount: 0 }),
      account: mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex }),
      pollingInterval: 50,
    });
  // anvil stamps blocks with the wall clock, so consecutive blocks share a timestamp until a second boundary. Gas is
  // estimated on the pending block: when the second turns between estimate and mining, Aave runs its index update in
  // the mined block only and the transaction runs out of gas. A fixed interval makes every timestamp predictable.
  await clients.testClient.setBlockTimestampInterval({ interval: 12 });
  const weth = await deployWeth(clients);
  const erc20s = await deployTokens(clients, DEVNET_TOKEN_SPECS.filter((spec) => spec.symbol === 'USDC' || spec.symbol === 'DAI'));
  const bySymbol = (symbol: string) => erc20s.find((t) => t.symbol === symbol)!.address;
  const context: ScenarioContext = {
    clients,
    wallets: { lender: wallet(1), borrower: wallet(2), liquidator: wallet(3), trader: wallet(4) },
    tokens: {
      weth,
      usdc: bySymbol('USDC'),
      dai: bySymbol('DAI'),
      list: [{ ...WETH_TOKEN, referencePriceUsd: ETH_REFERENCE_PRICE_USD, address: weth }, ...erc20s],
    },
    expected: [],
  };
  const tokensEnd = await blockOf(clients);
  await runUniswapV2Steps(context);
  const uniswapV2End = await blockOf(clients);
  const erc721MintTxHashes: Hash[] = await runUniswapV3Steps(context);
  const uniswapV3End = await blockOf(clients);
  await runAaveV3Steps(context);
  return {
    clients,
    tokens: context.tokens,
    expected: context.expected,
    erc721MintTxHashes: erc721MintTxHashes.map(lc),
    phaseEndBlocks: { tokens: tokensEnd, uniswapV2: uniswapV2End, uniswapV3: uniswapV3End, aaveV3: await blockOf(clients) },
  };
}
