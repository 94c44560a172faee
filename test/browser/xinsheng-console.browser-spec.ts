import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase } from '../setup/test-database';
import { ARTIFACTS, CONSOLE_DIST, launchChromium } from './support/browser';
import { DEMO_PASSWORD, startDemoSystem, type DemoSystem } from './support/demo-system';

/**
 * The 新盛河 story in the console, in real Chromium against the whole system: devices publish the
 * pollution plume over MQTT, the 梁平区 chief finds the polluted 联盟桥 on the map, acknowledges the
 * joint case and sees Sichuan still pending; Sichuan's acknowledgement arrives live over SSE; an
 * inspector closes (销号) a problem both provinces have verified.
 */
describe('console: 新盛河 joint case and joint inspection', () => {
  let demo: DemoSystem;
  let browser: Browser;
  const dataDir = mkdtempSync(join(tmpdir(), 'river-browser-'));

  beforeAll(async () => {
    browser = await launchChromium();
    demo = await startDemoSystem({
      DATABASE_URL: await createTestDatabase('browser'),
      DATA_DIR: dataDir,
      CONSOLE_DIR: CONSOLE_DIST,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function loginPage(username: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(demo.base + '/');
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    expect(errors).toEqual([]);
    return page;
  }

  it('refuses a wrong password with the server’s message', async () => {
    const page = await browser.newPage();
    await page.goto(demo.base + '/');
    await page.fill('input[name=username]', 'liangping-chief');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=alert]').textContent()).resolves.toBeTruthy();
    await page.close();
  });

  it('first-start form exchanges the bootstrap token, and shows why a wrong one is refused', async () => {
    const page = await browser.newPage();
    await page.goto(demo.base + '/');
    await page.click('text=首次启动');
    await page.fill('input[name=token]', 'rvb_not-a-token');
    await page.fill('input[name=username]', 'first-operator');
    await page.fill('input[name=password]', 'a-long-enough-password');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=alert]').textContent()).resolves.toBeTruthy();
    await page.close();
  });

  it('梁平区 chief: red section on the map → joint case → acknowledge; Sichuan pending, then live', async () => {
    const page = await loginPage('liangping-chief');
    expect(await page.textContent('[data-testid=who]')).toContain('梁平区河长');

    // overview: 联盟桥 polluted (class IV or worse) and ringed for its open case
    const lmq = page.locator('[data-station="CQ-LMQ"]');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-station="CQ-LMQ"]')?.getAttribute('data-class')) >= 4,
    );
    await expect(lmq.locator('.case-ring').count()).resolves.toBe(1);
    expect(await page.textContent('[data-testid=national-summary]')).toContain('74');
    await page.screenshot({ path: join(ARTIFACTS, 'console-overview.png'), fullPage: true });

    // case list: mine, joint, 联盟桥 first among pollution cases
    await page.click('header nav a[href="/cases"]');
    const row = page.locator('tr[data-station="CQ-LMQ"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('联合');
    await row.locator('a').click();

    await page.waitForSelector('.case-page[data-state=open]');
    await expect(page.locator('[data-side=CQ].pending').count()).resolves.toBe(1);
    await page.click('button[data-action="确认"]');
    await page.fill('.action-form input[name=note]', '已安排新盛镇排查');
    await page.click('button[data-confirm="确认"]');
    await page.waitForSelector('[data-side=CQ].done');
    // joint: still open until Sichuan acknowledges
    await expect(page.locator('[data-side=SC].pending').count()).resolves.toBe(1);
    await expect(page.locator('.case-page').getAttribute('data-state')).resolves.toBe('open');
    expect(await page.textContent('[data-testid=timeline]')).toContain('已安排新盛镇排查');
    await page.screenshot({ path: join(ARTIFACTS, 'console-case.png'), fullPage: true });

    // Sichuan acknowledges through the API: the open page updates over SSE, no reload
    const caseId = await page.locator('.case-page').getAttribute('data-case');
    const res = await fetch(`${demo.base}/api/v1/cases/${caseId}/acknowledge`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${demo.tokens['kaijiang-chief']}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ note: '开江县已收到' }),
    });
    expect(res.status).toBe(200);
    await page.waitForSelector('.case-page[data-state=acknowledged]', { timeout: 15000 });
    await expect(page.locator('button[data-action="交办"]').count()).resolves.toBe(1);
    await page.close();
  });

  it('a refused action shows the problem detail', async () => {
    const page = await loginPage('liangping-chief');
    await page.goto(`${demo.base}/cases`);
    const row = page.locator('tr[data-station="CQ-LMQ"]');
    await row.locator('a').click();
    await page.waitForSelector('.case-page[data-state=acknowledged]');
    await page.click('button[data-action="交办"]');
    await page.fill('.action-form input[name=to]', '梁平区生态环境局');
    // a deadline in the past: the API refuses and the page shows why
    await page.fill('.action-form input[name=deadline]', '2020-01-01T08:00');
    await page.click('button[data-confirm="交办"]');
    const alert = await page.locator('.action-form [role=alert]').textContent();
    expect(alert).toMatch(/deadline/);
    await page.close();
  });

  it('梁平区 chief follows the joint case to closed: dispatch, resolve, both sides confirm', async () => {
    const page = await loginPage('liangping-chief');
    await page.goto(`${demo.base}/cases`);
    await page.locator('tr[data-station="CQ-LMQ"] a').click();
    await page.waitForSelector('.case-page[data-state=acknowledged]');
    const caseId = await page.locator('.case-page').getAttribute('data-case');
    await page.click('button[data-action="交办"]');
    await page.fill('.action-form input[name=to]', '梁平区生态环境局');
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16);
    await page.fill('.action-form input[name=deadline]', inTwoDays);
    await page.click('button[data-confirm="交办"]');
    await page.waitForSelector('.case-page[data-state=dispatched]');
    await page.click('button[data-action="处置完成"]');
    await page.fill('.action-form textarea[name=cause]', '新盛镇场镇生活污水溢流');
    await page.fill('.action-form textarea[name=action]', '截污纳管，溢流口封堵');
    await page.click('button[data-confirm="处置完成"]');
    await page.waitForSelector('.case-page[data-state=resolved]');
    await page.click('button[data-action="结案"]');
    await page.click('button[data-confirm="结案"]');
    await page.waitForSelector('[data-side=CQ].done');
    await expect(page.locator('[data-side=SC].pending').count()).resolves.toBe(1);
    await expect(page.locator('.case-page').getAttribute('data-state')).resolves.toBe('resolved');
    const res = await fetch(`${demo.base}/api/v1/cases/${caseId}/close`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${demo.tokens['kaijiang-chief']}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(200);
    await page.waitForSelector('.case-page[data-state=closed]', { timeout: 15000 });
    await page.screenshot({ path: join(ARTIFACTS, 'console-case-closed.png'), fullPage: true });
    await page.close();
  });

  it('inspector: 19+15 progress and 销号 of a problem verified by both provinces', async () => {
    const page = await loginPage('cq-inspector');
    await page.click('header nav a[href="/campaigns"]');
    await page.click(`a[href="/campaigns/${demo.campaignId}"]`);
    await page.waitForSelector('[data-testid=progress]');
    expect(await page.textContent('[data-testid=progress]')).toContain('19 + 15');
    await expect(page.locator('tr.row-overdue').count()).resolves.toBe(1);
    await page.click('tr[data-problem="1"] a');
    await page.waitForSelector('.problem-page[data-state=verified]');
    await page.click('button[data-action="结案（销号）"]');
    await page.click('button[data-confirm="结案（销号）"]');
    await page.waitForSelector('.problem-page[data-state=closed]');
    await page.screenshot({ path: join(ARTIFACTS, 'console-problem.png'), fullPage: true });
    await page.close();
  });

  it('梁平区 officer sees only 梁平区 problems and records a rectification plan', async () => {
    const page = await loginPage('liangping-officer');
    await page.goto(`${demo.base}/campaigns/${demo.campaignId}`);
    await page.waitForSelector('tr[data-problem="4"]');
    const jurisdictions = await page
      .locator('[data-testid=problem-list] tbody tr td:nth-child(3)')
      .allTextContents();
    expect(new Set(jurisdictions)).toEqual(new Set(['CQ 梁平区']));
    await page.click('tr[data-problem="4"] a');
    await page.waitForSelector('.problem-page[data-state=handed_over]');
    await expect(page.locator('button[data-action="核查通过"]').count()).resolves.toBe(0);
    await page.click('button[data-action="整改方案"]');
    await page.fill('.action-form textarea[name=plan]', '养殖场雨污分流改造');
    await page.click('button[data-confirm="整改方案"]');
    await page.waitForSelector('.problem-page[data-state=rectifying]');
    await page.close();
  });

  it('switches to English', async () => {
    const page = await loginPage('demo-operator');
    await page.click('header button:has-text("English")');
    await expect(page.locator('header nav').textContent()).resolves.toContain('Cases');
    await page.click('header nav a[href="/ops"]');
    await page.click('button[data-action="Create device"]');
    await page.click('button[data-confirm="Create device"]');
    // the secret is shown once, and it works: the device list now has two devices for 联盟桥
    const secret = await page.locator('[data-testid=secret]').textContent();
    expect(secret).toMatch(/CQ-LMQ-\S+/);
    await page.waitForFunction(() => document.querySelectorAll('table.list tr').length === 2);
    await page.click('button:has-text("Audit log")');
    await page.waitForSelector('text=POST /api/v1/stations/:code/devices');
    await page.close();
  });
});
