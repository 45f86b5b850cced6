import type { Page } from 'playwright-core';

/** How far the page is wider than the viewport (0: no horizontal scrolling). */
export async function horizontalOverflowPx(page: Page): Promise<number> {
  // A string expression: it runs in the page, and this project's TypeScript has no DOM types.
  return Number(await page.evaluate('Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth'));
}

/** A value from the page's localStorage. */
export async function localStorageItem(page: Page, key: string): Promise<string | null> {
  return (await page.evaluate(`window.localStorage.getItem(${JSON.stringify(key)})`)) as string | null;
}

/** The text of GraphiQL's response editor (Monaco renders it as lines of spans, with non-breaking spaces). */
export async function graphiqlResponseText(page: Page): Promise<string> {
  const text = await page.locator('.graphiql-response .view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Uncaught errors and console errors of a page, collected from now on. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Opens one of the playground's example tabs once GraphiQL shows an operation, and waits for its text in the editor. */
export async function openGraphiqlTab(page: Page, title: string, expectedText: string): Promise<void> {
  const editor = page.locator('.graphiql-query-editor .view-lines');
  await editor.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
  await page.locator(`.graphiql-tab-button[title="${title}"]`).click();
  await editor.filter({ hasText: expectedText }).waitFor({ timeout: 10_000 });
}

/** GraphiQL reads the operation (and its name) from the editor after a debounce; this covers it on a loaded machine. */
const GRAPHIQL_SETTLE_MS = 1000;
const OPERATION_RACE = /Unable\s*to\s*identify\s*operation|Unknown\s*operation\s*named/;

/**
 * Runs the operation in GraphiQL's editor and polls the response until `read` returns a value. A click that still
 * beat GraphiQL's debounce sends the previous editor state and gets "Unable to identify operation": the operation
 * is run again. GraphiQL reports that answer as an uncaught page error too, so the number of such races is returned
 * for the caller to account for.
 */
export async function runGraphiqlOperation<T>(page: Page, read: (responseText: string) => T | undefined, timeoutMs: number): Promise<{ value: T; races: number }> {
  const execute = () => page.getByRole('button', { name: /^Execute query/ }).click();
  await page.waitForTimeout(GRAPHIQL_SETTLE_MS);
  await execute();
  let races = 0;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await graphiqlResponseText(page);
    const value = read(text);
    if (value !== undefined) return { value, races };
    if (OPERATION_RACE.test(text)) {
      races++;
      await page.waitForTimeout(GRAPHIQL_SETTLE_MS);
      await execute();
    }
    if (Date.now() > deadline) throw new Error(`no expected answer in GraphiQL within ${timeoutMs} ms; it shows: ${text.slice(0, 300)}`);
    await page.waitForTimeout(250);
  }
}

/** The page errors left once `races` GraphiQL operation races (each an uncaught rejection of its error answer) are set aside. */
export function withoutOperationRaces(errors: readonly string[], races: number): string[] {
  const left = [...errors];
  for (let i = 0; i < races; i++) {
    const index = left.findIndex((e) => e.startsWith('pageerror: '));
    if (index >= 0) left.splice(index, 1);
  }
  return left;
}
