import type { Page } from 'playwright-core';

/** The signal page's actions sit in disclosures beside the case: open one by its title before using its form. */
export async function openAction(page: Page, title: string | RegExp): Promise<void> {
  const panel = page.locator('details.app-panel', { has: page.locator('summary', { hasText: title }) });
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
}
