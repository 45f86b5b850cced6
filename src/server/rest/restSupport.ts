import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../../common/logger.js';
import { ErrorCode } from '../../errors/errorCode.js';

/** The body of every REST error: `{ error: { code, message } }`. */
export function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** DefiLlama-style display name of a registered chain name (`ethereum` -> `Ethereum`). */
export function displayChainName(name: string): string {
  return name.length === 0 ? name : name[0]!.toUpperCase() + name.slice(1);
}

/** DefiLlama metadata of chains we know (chain slug as in coin ids, display name, CoinGecko/CMC ids, native symbol). */
export const KNOWN_CHAINS: Readonly<Record<number, { slug: string; name: string; geckoId: string | null; tokenSymbol: string | null; cmcId: string | null }>> = {
  1: { slug: 'ethereum', name: 'Ethereum', geckoId: 'ethereum', tokenSymbol: 'ETH', cmcId: '1027' },
  10: { slug: 'optimism', name: 'OP Mainnet', geckoId: 'optimism', tokenSymbol: 'OP', cmcId: '11840' },
  56: { slug: 'bsc', name: 'BSC', geckoId: 'binancecoin', tokenSymbol: 'BNB', cmcId: '1839' },
  137: { slug: 'polygon', name: 'Polygon', geckoId: 'matic-network', tokenSymbol: 'MATIC', cmcId: '3890' },
  8453: { slug: 'base', name: 'Base', geckoId: null, tokenSymbol: null, cmcId: null },
  42161: { slug: 'arbitrum', name: 'Arbitrum', geckoId: 'arbitrum', tokenSymbol: 'ARB', cmcId: '11841' },
};

/** Display name of a chain: the known DefiLlama name, else the registered name capitalised. */
export function chainDisplayName(chainId: number, registeredName: string): string {
  return KNOWN_CHAINS[chainId]?.name ?? displayChainName(registeredName);
}

/** Last handler of the REST router: a thrown error becomes a 500 JSON body, never a crash or an HTML page. */
export function restErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    logger.error({ err: error }, 'REST request failed');
    sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  };
}
