import type { Page } from 'playwright-core';

/** The provider timeline (/aanbieders/:id/tijdlijn and its location and unit pages). */
export class TimelinePage {
  constructor(private readonly page: Page) {}

  async openFromProviderPage(): Promise<void> {
    await this.page.getByRole('link', { name: 'Tijdlijn', exact: true }).click();
    await this.page.getByRole('heading', { level: 1, name: 'Tijdlijn' }).waitFor();
  }

  async filter(choices: { kind?: string; asOf?: string; from?: string }): Promise<void> {
    if (choices.kind) await this.page.getByLabel('Soort').selectOption({ label: choices.kind });
    if (choices.from !== undefined) await this.page.getByLabel('Vanaf').fill(choices.from);
    if (choices.asOf !== undefined) await this.page.getByLabel('Zoals bekend op').fill(choices.asOf);
    await this.page.getByRole('button', { name: 'Filteren' }).click();
  }

  items(): Promise<string[]> {
    return this.page.locator('.app-timeline__title').allInnerTexts();
  }

  kinds(): Promise<string[]> {
    return this.page.locator('.app-timeline__meta .app-tag').allInnerTexts();
  }

  async page_(name: 'Ouder' | 'Nieuwer'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Bladeren in de tijdlijn' }).getByRole('link', { name, exact: true }).click();
  }
}
