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
