import type { Page } from 'playwright-core';

/** The staff form for a mandatory report (/meldingen/nieuw) and the report page with its decision. */
export class MandatoryReportForm {
  constructor(private readonly page: Page) {}

  choose = (label: string) => this.page.getByLabel(label, { exact: true }).check();
  fill = (label: string, value: string) => this.page.getByLabel(label, { exact: true }).fill(value);

  /** The place search: "Zoeken" shows the form again with the matches, then one is chosen by its label. */
  async choosePlace(search: string, label: string): Promise<void> {
    await this.fill('Aanbieder, locatie of groep zoeken', search);
    await this.page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await this.page.getByLabel(label, { exact: true }).check();
  }

  register = () => this.page.getByRole('button', { name: 'Registreren' }).click();
  errorBeside = (field: string) => this.page.locator(`#veld-${field}-error`).innerText();
  heading = () => this.page.getByRole('heading', { level: 1 }).innerText();
}
