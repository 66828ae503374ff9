import { type Browser, chromium, type Page } from 'playwright-core';
import { csatAnswerLabel } from '../../src/module/survey.js';

/**
 * A customer answering the bridge's satisfaction survey in Odoo's own survey pages, in headless
 * Chromium (playwright-core on the system's /usr/bin/chromium, as test/browser/menus.ts): open
 * the invitation link (no login: the answer token is the key), start, pick the CSAT and NPS
 * answers, write the comment, submit, and wait for Odoo's thank-you page. The questions are
 * found in the survey's order (CSAT, NPS, comment: src/module/survey.ts), the answers by the
 * text the customer reads (`4 - Puas`, `7`).
 */

export const CHROMIUM = '/usr/bin/chromium';

const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

export interface SurveyReply {
  csat: number;
  nps: number;
  comment?: string;
}

export async function launchSurveyBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
}

/** Odoo's survey buttons stay `disabled` until its JavaScript has started: wait for that. */
async function clickWhenReady(page: Page, selector: string): Promise<void> {
  const button = page.locator(`${selector}:not(.disabled)`).first();
  await button.waitFor({ state: 'visible', timeout: 60_000 });
  await button.click();
}

/**
 * Answers the survey behind `link` as a customer would; resolves once Odoo has thanked them.
 * `db`: on a server with several databases and no dbfilter (the test servers; a dealer's has
 * one), a public page needs the database chosen first: `/web/login?db=` puts it in the session.
 */
export async function answerSurvey(
  browser: Browser,
  link: string,
  reply: SurveyReply,
  options: { db?: string } = {},
): Promise<void> {
  const context = await browser.newContext({ locale: 'id-ID' });
  const page = await context.newPage();
  try {
    if (options.db)
      await page.goto(`${new URL(link).origin}/web/login?db=${encodeURIComponent(options.db)}`, {
        waitUntil: 'load',
        timeout: 60_000,
      });
    const response = await page.goto(link, { waitUntil: 'load', timeout: 60_000 });
    if (!response || response.status() >= 400)
      throw new Error(`the survey link answered ${response?.status() ?? 'nothing'}: ${link}`);
    await clickWhenReady(page, 'button[value="start"]');
    const questions = page.locator('.js_question-wrapper');
    await questions.first().waitFor({ state: 'visible', timeout: 60_000 });
    const choose = async (index: number, text: string) => {
      const choice = questions
        .nth(index)
        .locator('label')
        .filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) });
      await choice.first().click();
    };
    await choose(0, csatAnswerLabel(reply.csat));
    await choose(1, String(reply.nps));
    if (reply.comment) await questions.nth(2).locator('textarea').fill(reply.comment);
    await clickWhenReady(page, 'button[value="finish"]');
    // 19 asks to confirm the submission in a dialog ("Serahkan konfirmasi"); 17 and 18 submit at once.
    const finished = page.locator('.o_survey_finished');
    const confirm = page.locator('.modal-dialog .modal-footer .btn-primary');
    await Promise.race([
      finished.waitFor({ state: 'visible', timeout: 60_000 }),
      confirm.waitFor({ state: 'visible', timeout: 60_000 }).then(() => confirm.click()),
    ]).catch(() => {});
    try {
      await page.locator('.o_survey_finished').waitFor({ state: 'visible', timeout: 60_000 });
    } catch (error) {
      // Odoo says what it refused (a mandatory answer missing) in the page: put it in the error.
      const said = await page
        .locator('.o_survey_error:visible, .o_survey_question_error:visible')
        .allInnerTexts();
      await page.screenshot({ path: '/tmp/answer-survey-failure.png', fullPage: true }).catch(() => {});
      throw new Error(
        `the survey was not accepted (${said.join(' ').trim() || 'no message'}): ${String(error)}`,
      );
    }
  } finally {
    await context.close();
  }
}
