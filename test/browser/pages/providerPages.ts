import type { Page } from 'playwright-core';

export class ProviderListPage {
  constructor(private readonly page: Page) {}

  async openFromMenu(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Aanbieders' }).click();
  }

  async search(text: string): Promise<void> {
    await this.page.getByLabel('Zoek op naam, plaats of KvK-nummer').fill(text);
    await this.page.getByRole('button', { name: 'Zoeken' }).click();
  }

  resultNames(): Promise<string[]> {
    return this.page.locator('table tbody tr td:first-child a').allInnerTexts();
  }

  async open(name: string): Promise<void> {
    await this.page.getByRole('link', { name }).click();
  }
}
