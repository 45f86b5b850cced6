import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyService } from '../../src/auth/apiKeyService.js';
import { buildLogger } from '../../src/common/logger.js';
import { createApiKeyRepository } from '../../src/datasources/db/repositories/apiKeyRepository.js';
import { createUiBuilder } from '../../src/server/ui/createUiBuilder.js';
import { postGraphql } from '../helpers/graphqlClients.js';
import { rpc, waitFor } from '../helpers/rpc.js';
import { startTestApp, type TestApp } from '../helpers/startTestApp.js';
import { launchChromium, type TestBrowser } from './launchChromium.js';
import { collectPageErrors, graphiqlResponseText, horizontalOverflowPx, localStorageItem, openGraphiqlTab, runGraphiqlOperation, withoutOperationRaces } from './pageChecks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshotDir = join(root, 'test/browser/screenshots');
const docsScreenshotDir = join(root, 'docs/screenshots');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function screenshot(page: Page, name: string, options: { fullPage?: boolean; docs?: boolean } = {}): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  if (options.docs) {
    mkdirSync(docsScreenshotDir, { recursive: true });
    copyFileSync(path, join(docsScreenshotDir, `${name}.png`));
  }
}

function devnetRpcUrl(t: TestApp, chainId: number): string {
  const manifest = JSON.parse(readFileSync(join(t.dataDir, 'devnet.json'), 'utf8')) as { chains: { chainId: number; rpcUrl: string }[] };
  const chain = manifest.chains.find((c) => c.chainId === chainId);
  if (!chain) throw new Error(`no chain ${chainId} in the devnet manifest`);
  return chain.rpcUrl;
}

/** The block in GraphiQL's response (whitespace dropped: Monaco wraps a long hash over several lines). */
function lastBlockIn(responseText: string): { number: number; hash: string } | undefined {
  const text = responseText.replace(/\s+/g, '');
  const numbers = [...text.matchAll(/"number":(\d+)/g)];
  const hashes = [...text.matchAll(/"hash":"(0x[0-9a-f]{64})"/g)];
  const number = numbers.at(-1)?.[1];
  const hash = hashes.at(-1)?.[1];
  return number && hash ? { number: Number(number), hash } : undefined;
}

async function blockNumberShown(page: Page, chainId: number): Promise<number | undefined> {
  const text = (await page.getByTestId(`chain-${chainId}-block`).textContent()) ?? '';
  return /^\d+$/.test(text.trim()) ? Number(text) : undefined;
}

describe('the playground and the dashboard in Chromium, on the devnet', { timeout: 180_000 }, () => {
  let t: TestApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    // The same build path as `npm start` (vite build API, only when stale), done before the app starts.
    const state = await createUiBuilder({ uiDir: join(root, 'playground'), logger: buildLogger('warn') }).ensureBuilt();
    expect(state).toEqual({ kind: 'ready' });
    t = await startTestApp({ DEVNET_BLOCK_TIME_MS: '500' });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('runs the blockAdded subscription in the playground and shows blocks that are on the chain', async () => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${t.baseUrl}/playground`);
    await openGraphiqlTab(page, 'NewBlocks', 'subscription NewBlocks');
    const { value: first, races } = await runGraphiqlOperation(page, lastBlockIn, 60_000);
    // The result is live: a later block replaces it.
    const later = await waitFor(async () => {
      const block = lastBlockIn(await graphiqlResponseText(page));
      return block && block.number > first.number ? block : undefined;
    }, 60_000, 'a later block');
    const onChain = await rpc<{ hash: string }>(devnetRpcUrl(t, 1), 'eth_getBlockByNumber', [`0x${later.number.toString(16)}`, false]);
    expect(later.hash).toBe(onChain.hash);

    await screenshot(page, 'playground', { docs: true });
    await page.getByRole('button', { name: /^Stop/ }).click();
    expect(withoutOperationRaces(errors, races)).toEqual([]);
    await page.close();
  });

  it('updates the dashboard live: new blocks, price ticks and swaps arrive after the page loaded', async () => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${t.baseUrl}/dashboard`);
    const firstShown = await waitFor(() => blockNumberShown(page, 1), 60_000, 'a block number for chain 1');
    const laterShown = await waitFor(async () => {
      const shown = await blockNumberShown(page, 1);
      return shown !== undefined && shown > firstShown ? shown : undefined;
    }, 60_000, 'a newer block number for chain 1');
    const { body } = await postGraphql<{ chain: { indexedBlock: number } }>(t.baseUrl, '{ chain(chainId: 1) { indexedBlock } }');
    expect(laterShown).toBeLessThanOrEqual(body.data!.chain.indexedBlock);

    // Every swap in the feed and every tick arrived over a subscription opened by this page.
    await expect.poll(() => page.getByTestId('swap').count(), { timeout: 90_000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number((await page.getByTestId('price-ticks').textContent())?.match(/^\d+/)?.[0] ?? 0), { timeout: 90_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('protocols-panel').locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('key-tier').textContent()).resolves.toContain('anonymous');
    await expect(page.getByRole('alert').count()).resolves.toBe(0);

    await screenshot(page, 'dashboard', { fullPage: true, docs: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 390x844 phone screen: no horizontal overflow on either page', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${t.baseUrl}/dashboard`);
    await waitFor(() => blockNumberShown(page, 1), 60_000, 'the chains table');
    await expect.poll(() => page.getByTestId('swap').count(), { timeout: 90_000 }).toBeGreaterThan(0);
    expect(await horizontalOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'dashboard-phone', { fullPage: true, docs: true });

    await page.goto(`${t.baseUrl}/playground`);
    await openGraphiqlTab(page, 'NewBlocks', 'subscription NewBlocks');
    expect(await horizontalOverflowPx(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'playground-phone');
    await page.setViewportSize(DESKTOP);
    await page.close();
  });

  it('sends a valid key over HTTP and graphql-ws: both pages act as that key', async () => {
    const { issued } = await createApiKeyService(createApiKeyRepository(t.app.db)).createAccountWithKey('browser test', 'pro');
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${t.baseUrl}/dashboard`);
    await page.getByLabel('API key').fill(issued.key);
    await page.getByRole('button', { name: 'Use key' }).click();
    await expect.poll(() => page.getByTestId('key-tier').textContent(), { timeout: 30_000 }).toContain('pro');
    expect(await page.getByTestId('key-tier').textContent()).toContain('browser test');
    // The subscriptions (connection_init { apiKey }) were accepted: blocks keep arriving.
    const shown = await waitFor(() => blockNumberShown(page, 1), 60_000, 'a block number with the key');
    await waitFor(async () => ((await blockNumberShown(page, 1)) ?? 0) > shown, 60_000, 'a newer block with the key');
    expect(await page.getByRole('alert').count()).toBe(0);

    // The playground reads the same stored key and sends it as x-api-key: `me` answers for the key.
    await page.goto(`${t.baseUrl}/playground`);
    // Typed into a new tab (the examples stay as they are for the other tests, which share this browser's storage).
    await page.locator('.graphiql-query-editor .view-lines').filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'New tab' }).click();
    await page.locator('.graphiql-query-editor .monaco-editor textarea').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('query Me { me { tier apiKey { name } } }');
    await page.locator('.graphiql-query-editor .view-lines', { hasText: 'query Me' }).waitFor({ timeout: 10_000 });
    const { races } = await runGraphiqlOperation(page, (text) => (text.replace(/\s+/g, '').includes('"tier":"pro"') ? true : undefined), 30_000);
    expect((await graphiqlResponseText(page)).replace(/\s+/g, ' ')).toContain('"name": "browser test"');
    await page.getByRole('button', { name: 'Clear' }).click();
    expect(withoutOperationRaces(errors, races)).toEqual([]);
    await page.close();
  });

  it('shows the UNAUTHENTICATED message when the API key is not valid', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.baseUrl}/dashboard`);
    // Well-formed (ocs_<12 hex>_<43 chars>) but issued by no one.
    await page.getByLabel('API key').fill(`ocs_000000000000_${'A'.repeat(43)}`);
    await page.getByRole('button', { name: 'Use key' }).click();
    const banner = page.getByTestId('global-error');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain('UNAUTHENTICATED');
    await screenshot(page, 'dashboard-bad-key');

    // The key is stored for both pages: the playground sends it too, and shows the same error for a query.
    await page.goto(`${t.baseUrl}/playground`);
    await openGraphiqlTab(page, 'Chains', 'query Chains');
    await page.getByRole('button', { name: /^Execute query/ }).click();
    await expect.poll(() => graphiqlResponseText(page), { timeout: 30_000 }).toContain('UNAUTHENTICATED');
    await screenshot(page, 'playground-bad-key');

    // Clearing the key goes back to anonymous access.
    await page.getByRole('button', { name: 'Clear' }).click();
    expect(await localStorageItem(page, 'ocs.apiKey')).toBeNull();
    await page.close();
  });
});
