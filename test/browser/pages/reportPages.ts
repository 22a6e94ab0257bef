import type { Page } from 'playwright-core';

/** The public report form, step by step, as a young person uses it. */
export class ReportForm {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  open = () => this.page.goto(`${this.baseUrl}/melden`);
  heading = () => this.page.getByRole('heading', { level: 1 }).innerText();
  next = () => this.page.getByRole('button', { name: 'Volgende' }).click();
  choose = (label: string) => this.page.getByLabel(label, { exact: true }).check();
  fill = (label: string, value: string) => this.page.getByLabel(label).fill(value);

  async search(text: string): Promise<void> {
    await this.page.getByLabel('Naam of plaats').fill(text);
    await this.page.getByRole('button', { name: 'Zoeken' }).click();
  }

  send = () => this.page.getByRole('button', { name: 'Versturen' }).click();
  receiptCode = () => this.page.locator('#volgcode').innerText();
}

export class FollowPage {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  async openWith(code: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/melden/volgen`);
    await this.page.getByLabel('Je code').fill(code);
    await this.page.getByRole('button', { name: 'Bekijk berichten' }).click();
  }

  messages = () => this.page.locator('.app-thread__body').allInnerTexts();

  async reply(text: string): Promise<void> {
    await this.page.getByLabel('Je bericht').fill(text);
    await this.page.getByRole('button', { name: 'Versturen' }).click();
  }
}
