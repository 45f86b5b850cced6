/** The example operations the playground opens with (one tab each, until the user's own tabs are stored). */
export const EXAMPLE_TABS: { query: string; variables?: string }[] = [
  {
    query: `# Every indexed chain with its follower status.
# Run with the ▶ button or Ctrl-Enter; set an API key at the top right.
query Chains {
  chains {
    chainId
    name
    headBlock
    indexedBlock
    lagBlocks
    status
    statusDetail
    tvlUsd
  }
}
`,
  },
  {
    query: `# The largest protocols by TVL, summed over every chain.
query TopProtocols {
  protocols(first: 10, orderBy: tvlUsd, orderDirection: desc) {
    nodes {
      slug
      name
      category
      chains
      tvlUsd
      volumeUsd24h
      feesUsd24h
    }
  }
}
`,
  },
  {
    query: `# The deepest pools of a chain with both tokens and their prices.
query PoolsWithTokens($chainId: Int!) {
  pools(chainId: $chainId, first: 5, orderBy: tvlUsd) {
    nodes {
      address
      protocol { slug name }
      tvlUsd
      volumeUsd24h
      reserve0
      reserve1
      token0 { address symbol decimals priceUsd }
      token1 { address symbol decimals priceUsd }
    }
  }
}
`,
    variables: '{ "chainId": 1 }',
  },
  {
    query: `# Live: every block as it is indexed (over graphql-ws). Stop it with the ■ button.
subscription NewBlocks($chainId: Int!) {
  blockAdded(chainId: $chainId) {
    number
    hash
    timestamp
    transactionCount
  }
}
`,
    variables: '{ "chainId": 1 }',
  },
];
