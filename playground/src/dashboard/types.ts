/** The fields of `chains` the dashboard reads (refreshed by the App, shared by the panels). */
export interface ChainSummary {
  chainId: number;
  name: string;
  headBlock: number | null;
  indexedBlock: number | null;
  lagBlocks: number | null;
  status: 'STARTING' | 'SYNCING' | 'LIVE' | 'DEGRADED' | 'STOPPED';
  statusDetail: string | null;
}

export const CHAINS_QUERY = 'query DashboardChains { chains { chainId name headBlock indexedBlock lagBlocks status statusDetail } }';
