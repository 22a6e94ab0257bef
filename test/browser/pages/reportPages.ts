import type { Page } from 'playwright-core';

/** The public report form, step by step, as a young person uses it. */
export class ReportForm {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

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

  /**
   * True when the page needs no sideways scrolling at this viewport width. A phone (isMobile) widens innerWidth to
   * the content and zooms out, so the layout viewport (the root's clientWidth) is the width that counts.
   */
  fitsScreen = () =>
    this.page.evaluate(() => document.documentElement.scrollWidth <= Math.min(window.innerWidth, document.documentElement.clientWidth));

  /** The receipt code's height divided by the height of one line of the same style (1 = it did not wrap). */
  receiptCodeLines = () =>
    this.page.evaluate(() => {
      const code = document.getElementById('volgcode')!;
      const one = code.cloneNode() as HTMLElement;
      one.removeAttribute('id');
      one.textContent = 'A';
      code.after(one);
      const lines = code.getBoundingClientRect().height / one.getBoundingClientRect().height;
      one.remove();
      return lines;
    });

  /** Every `tel:` link's text and number. */
  phoneLinks = () => this.page.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => `${a.textContent} ${a.getAttribute('href')}`));

  /** Sentences in the page's own text (not what was typed) that start with a small letter. */
  sentencesWithoutCapital = () =>
    this.page
      .locator('main :is(p, li, h1, h2, legend, label, dt, .utrecht-form-field__description), footer p')
      .evaluateAll((els) =>
        els.flatMap((el) => (el.textContent ?? '').trim().split(/(?<=[.!?])\s+/)).filter((sentence) => /^[a-zà-ÿ]/.test(sentence)),
      );
}

export class FollowPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

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
