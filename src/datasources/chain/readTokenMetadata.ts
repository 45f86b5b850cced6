import {
  BaseError as ViemBaseError,
  HttpRequestError,
  LimitExceededRpcError,
  SocketClosedError,
  TimeoutError,
  WebSocketRequestError,
  isAddress,
  parseAbi,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { redactUrl } from '../../errors/baseError.js';
import { RpcRequestError } from './errors.js';
import {
  MISSING_FIELD,
  bytes32TextField,
  combineTokenFields,
  decimalsField,
  decodeTokenDecimals,
  decodeTokenText,
  textField,
  type TokenField,
  type TokenMetadata,
} from './readTokenMetadataResults.js';

/** Options of {@link readTokenMetadata}. */
export interface ReadTokenMetadataOptions {
  /** Tokens per multicall `eth_call` (three calls each). Default 100. */
  batchSize?: number;
  /**
   * Batch with viem's deployless multicall (Multicall3's creation code runs inside `eth_call`: nothing has to be
   * deployed, so it works on anvil). When false, one `eth_call` per function. Default true.
   */
  multicall?: boolean;
  /** Read at this block. Default latest. */
  blockNumber?: bigint;
}

// decimals() as uint256 so a value above 255 is seen (and refused) instead of being read as a uint8.
const standardAbi = parseAbi(['function symbol() view returns (string)', 'function name() view returns (string)', 'function decimals() view returns (uint256)']);
const bytes32Abi = parseAbi(['function symbol() view returns (bytes32)', 'function name() view returns (bytes32)']);
const TEXT_FUNCTIONS = ['symbol', 'name'] as const;
// symbol(), name(), decimals()
const SELECTORS = ['0x95d89b41', '0x06fdde03', '0x313ce567'] as const satisfies readonly Hex[];
const INDIVIDUAL_CONCURRENCY = 8;

type CallResult = { status: 'success'; result: unknown } | { status: 'failure'; error: Error };
type Fields = [TokenField<string>, TokenField<string>, TokenField<number>];

/** Network trouble (retry later), as opposed to the token's own calls failing (a result to store). */
function isTransportError(error: unknown): boolean {
  if (!(error instanceof ViemBaseError)) return false;
  return (
    error.walk(
      (e) =>
        e instanceof HttpRequestError ||
        e instanceof TimeoutError ||
        e instanceof WebSocketRequestError ||
        e instanceof SocketClosedError ||
        e instanceof LimitExceededRpcError,
    ) !== null
  );
}

function rpcError(what: string, error: unknown): RpcRequestError {
  const message = (error as { shortMessage?: string }).shortMessage ?? (error as Error).message;
  return new RpcRequestError(`${what} failed: ${message}`.replace(/https?:\/\/\S+/g, (url) => redactUrl(url)), error);
}

async function multicall(
  client: PublicClient,
  contracts: readonly { address: Address; abi: typeof standardAbi | typeof bytes32Abi; functionName: 'symbol' | 'name' | 'decimals' }[],
  blockNumber: bigint | undefined,
): Promise<CallResult[]> {
  if (contracts.length === 0) return [];
  let results: CallResult[];
  try {
    results = (await client.multicall({ contracts: contracts as never, allowFailure: true, deployless: true, batchSize: 0, blockNumber })) as CallResult[];
  } catch (error) {
    if (isTransportError(error)) throw rpcError('Token metadata multicall', error);
    return contracts.map(() => ({ status: 'failure', error: error as Error }));
  }
  // With allowFailure viem reports a failed eth_call as a failure of every call in it: that is not the token's answer.
  const transport = results.find((r) => r.status === 'failure' && isTransportError(r.error));
  if (transport?.status === 'failure') throw rpcError('Token metadata multicall', transport.error);
  return results;
}

async function readBatch(client: PublicClient, tokens: readonly Address[], blockNumber: bigint | undefined): Promise<Fields[]> {
  const standard = await multicall(
    client,
    tokens.flatMap((address) => (['symbol', 'name', 'decimals'] as const).map((functionName) => ({ address, abi: standardAbi, functionName }))),
    blockNumber,
  );
  const fields = tokens.map((_token, i): Fields => {
    const [symbol, name, decimals] = [standard[i * 3], standard[i * 3 + 1], standard[i * 3 + 2]];
    return [
      symbol?.status === 'success' ? textField(symbol.result as string) : MISSING_FIELD,
      name?.status === 'success' ? textField(name.result as string) : MISSING_FIELD,
      decimals?.status === 'success' ? decimalsField(decimals.result as bigint) : MISSING_FIELD,
    ];
  });
  // A bytes32 answer does not decode as a string: ask again for bytes32, only where the string read failed.
  const retries = tokens.flatMap((address, i) =>
    TEXT_FUNCTIONS.flatMap((functionName, f) => (fields[i]![f]!.encoding === 'missing' ? [{ address, i, f, functionName }] : [])),
  );
  const bytes32 = await multicall(client, retries.map(({ address, functionName }) => ({ address, abi: bytes32Abi, functionName })), blockNumber);
  retries.forEach(({ i, f }, r) => {
    const result = bytes32[r];
    if (result?.status === 'success') fields[i]![f as 0 | 1] = bytes32TextField(result.result as Hex);
  });
  return fields;
}

async function readIndividually(client: PublicClient, token: Address, blockNumber: bigint | undefined): Promise<Fields> {
  const call = async (data: Hex): Promise<Hex | undefined> => {
    try {
      return (await client.call({ to: token, data, blockNumber })).data ?? '0x';
    } catch (error) {
      if (isTransportError(error)) throw rpcError(`eth_call ${data} on ${token}`, error);
      return undefined; // reverted, invalid opcode, out of gas: the token does not answer
    }
  };
  const [symbol, name, decimals] = await Promise.all(SELECTORS.map(call));
  return [decodeTokenText(symbol), decodeTokenText(name), decodeTokenDecimals(decimals)];
}

/**
 * Reads `symbol()`, `name()` and `decimals()` of ERC-20 tokens, tolerating non-standard ones: bytes32 text (MKR-style),
 * no or invalid `decimals()` (status `nonstandard`, decimals null), and contracts or EOAs that answer nothing (status
 * `failed`). Batches with viem's deployless multicall (per-call failures allowed); tokens that come back `failed` are
 * re-read one call at a time, so a node refusing the multicall or a gas-hungry token in a batch cannot fail the others.
 * Returns a map keyed by lowercase address.
 * @throws RpcRequestError (retryable) on network errors: a transport failure is never reported as `failed`.
 * @throws TypeError when an address is malformed.
 */
export async function readTokenMetadata(
  publicClient: PublicClient,
  addresses: readonly string[],
  options: ReadTokenMetadataOptions = {},
): Promise<Map<string, TokenMetadata>> {
  const tokens = [...new Set(addresses.map((a) => a.toLowerCase()))] as Address[];
  const bad = tokens.find((a) => !isAddress(a, { strict: false }));
  if (bad !== undefined) throw new TypeError(`Not an address: ${bad}`);
  const { blockNumber, batchSize = 100, multicall: batched = true } = options;
  const metadata = new Map<Address, TokenMetadata>();

  if (batched) {
    for (let i = 0; i < tokens.length; i += batchSize) {
      const batch = tokens.slice(i, i + batchSize);
      const fields = await readBatch(publicClient, batch, blockNumber);
      batch.forEach((token, j) => metadata.set(token, combineTokenFields(...fields[j]!)));
    }
  }
  const retry = tokens.filter((token) => (metadata.get(token)?.status ?? 'failed') === 'failed');
  for (let i = 0; i < retry.length; i += INDIVIDUAL_CONCURRENCY) {
    const group = retry.slice(i, i + INDIVIDUAL_CONCURRENCY);
    const fields = await Promise.all(group.map((token) => readIndividually(publicClient, token, blockNumber)));
    group.forEach((token, j) => metadata.set(token, combineTokenFields(...fields[j]!)));
  }
  return new Map(tokens.map((token) => [token, metadata.get(token)!]));
}
