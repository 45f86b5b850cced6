import { mnemonicToAccount } from 'viem/accounts';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isProcessRunning } from '../utils/isProcessRunning.js';
import { DEVNET_MNEMONIC } from '../constants.js';
import { AnvilStartError } from '../errors.js';
import { countLiveChildren } from './childRegistry.js';
import { resolveAnvilBinary } from './resolveAnvilBinary.js';
import { startAnvil } from './startAnvil.js';

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

describe('startAnvil()', () => {
  it('answers eth_chainId on a free port, and the process is gone after stop()', async () => {
    const anvil = await startAnvil({ chainId: 42161 });
    try {
      expect(anvil.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(anvil.wsUrl).toBe(anvil.rpcUrl.replace('http', 'ws'));
      expect(await rpc(anvil.rpcUrl, 'eth_chainId')).toBe('0xa4b1');
      expect(isProcessRunning(anvil.pid)).toBe(true);
      expect(countLiveChildren()).toBeGreaterThan(0);
    } finally {
      await anvil.stop();
    }
    expect(isProcessRunning(anvil.pid)).toBe(false);
    await anvil.stop(); // idempotent
  });

  it('runs two nodes side by side on different ports', async () => {
    const [a, b] = await Promise.all([startAnvil({ chainId: 1 }), startAnvil({ chainId: 1 })]);
    try {
      expect(a.rpcUrl).not.toBe(b.rpcUrl);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('mines only on request with automine off', async () => {
    const anvil = await startAnvil({ chainId: 31337, automine: false });
    try {
      const [account] = (await rpc(anvil.rpcUrl, 'eth_accounts')) as string[];
      await rpc(anvil.rpcUrl, 'eth_sendTransaction', [{ from: account, to: account, value: '0x1' }]);
      expect(await rpc(anvil.rpcUrl, 'eth_blockNumber')).toBe('0x0');
      await rpc(anvil.rpcUrl, 'evm_mine');
      expect(await rpc(anvil.rpcUrl, 'eth_blockNumber')).toBe('0x1');
    } finally {
      await anvil.stop();
    }
  });

  it('gives the deterministic mnemonic accounts', async () => {
    const anvil = await startAnvil({ chainId: 1, accounts: 2 });
    try {
      const accounts = (await rpc(anvil.rpcUrl, 'eth_accounts')) as string[];
      const expected = [0, 1].map((addressIndex) => mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex }).address.toLowerCase());
      expect(accounts.map((account) => account.toLowerCase())).toEqual(expected);
      expect(expected[0]).toBe('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266');
    } finally {
      await anvil.stop();
    }
  });

  it('throws AnvilStartError with anvil output when anvil rejects its flags', async () => {
    const error = await startAnvil({ chainId: 1, extraArgs: ['--no-such-flag'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnvilStartError);
    expect((error as AnvilStartError).name).toBe('AnvilStartError');
    expect((error as AnvilStartError).details).toContain('--no-such-flag');
  });

  it('throws AnvilStartError when the binary cannot be spawned', async () => {
    const error = await startAnvil({ chainId: 1, binaryPath: '/nonexistent/anvil' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnvilStartError);
    expect((error as AnvilStartError).details).toContain('ENOENT');
  });

  it('kills anvil when the parent process crashes', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/crashAfterStart.ts', import.meta.url));
    const result = await promisify(execFile)(process.execPath, ['--import', '@swc-node/register/esm-register', fixture], {
      cwd: process.cwd(),
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toContain('simulated crash');
    const pid = Number(result.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isProcessRunning(pid)).toBe(false);
  });

  it('resolves the binary from the platform package', () => {
    expect(resolveAnvilBinary()).toMatch(/@foundry-rs\/anvil-[a-z0-9]+-[a-z0-9]+\/bin\/anvil(\.exe)?$/);
  });
});
