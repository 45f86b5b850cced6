import { getAddress, type Address, type Hash } from 'viem';
import { linkBytecode, type Artifact } from './artifacts.js';
import type { TxClients } from './clients.js';
import { confirmTransaction } from './confirmTransaction.js';
import { DevnetTransactionError } from './errors.js';

/** Parameters of {@link deployContract}. */
export interface DeployContractParameters {
  artifact: Artifact;
  /** Constructor arguments. Default none. */
  args?: readonly unknown[];
  /** Library addresses for `artifact.linkReferences`, by name or `file:Name`. */
  libraries?: Readonly<Record<string, Address>>;
}

/** What {@link deployContract} returns. */
export interface DeployedContract {
  address: Address;
  hash: Hash;
}

/**
 * Deploys `artifact` from `clients.walletClient`'s account (linking libraries first) and waits for the receipt.
 * @throws {ArtifactLinkError} when a library address is missing.
 * @throws {DevnetTransactionError} when the deployment reverts.
 */
export async function deployContract(
  clients: TxClients,
  { artifact, args = [], libraries }: DeployContractParameters,
): Promise<DeployedContract> {
  const label = `deploy ${artifact.contractName}`;
  const bytecode = linkBytecode(artifact.bytecode, artifact.linkReferences, libraries);
  const receipt = await confirmTransaction(
    clients.publicClient,
    clients.walletClient.deployContract({ abi: artifact.abi, bytecode, args }),
    { label },
  );
  if (!receipt.contractAddress) throw new DevnetTransactionError(label, { details: 'No contract address.' });
  return { address: getAddress(receipt.contractAddress), hash: receipt.transactionHash };
}
