import { assertNever, type DecodedEvent } from './types.js';

/**
 * The ERC-20 addresses an event refers to, lowercase: what needs `readTokenMetadata` before the event can be shown
 * in token units. A V2 pair counts (its LP token is an ERC-20); pools, aggregators and the Aave pool do not.
 */
export function listEventTokens(event: DecodedEvent): string[] {
  switch (event.kind) {
    case 'erc20Transfer':
      return [event.address];
    case 'uniswapV2PairCreated':
      return [event.token0, event.token1, event.pair];
    case 'uniswapV3PoolCreated':
      return [event.token0, event.token1];
    case 'aaveV3Supply':
    case 'aaveV3Withdraw':
    case 'aaveV3Borrow':
    case 'aaveV3Repay':
    case 'aaveV3ReserveDataUpdated':
      return [event.reserve];
    case 'aaveV3LiquidationCall':
      return [event.collateralAsset, event.debtAsset];
    case 'uniswapV2Sync':
    case 'uniswapV2Swap':
    case 'uniswapV2Mint':
    case 'uniswapV2Burn':
    case 'uniswapV3Initialize':
    case 'uniswapV3Swap':
    case 'uniswapV3Mint':
    case 'uniswapV3Burn':
    case 'uniswapV3Collect':
    case 'priceFeedAnswerUpdated':
      // The pair's or pool's tokens come from its creation event.
      return [];
    default:
      return assertNever(event, 'event kind');
  }
}
