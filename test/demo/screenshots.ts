/**
 * The README's pictures of the templates: starts the demo's n8n (package, credential, templates, simulator), logs into
 * the editor with a headless Chromium, opens each template, fits the canvas and saves
 * `workflows/screenshots/<template>.png`.
 *
 *   npx ts-node --transpile-only test/demo/screenshots.ts [--line 2.x|1.x] [--tarball <package .tgz>] [--out <folder>]
 *       [--workflows <file or folder>]...
 *
 * Needs Debian's `chromium` (/usr/bin/chromium, or CHROMIUM_PATH); installs it with apt-get when missing and root.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join, resolve } from 'path';
import { chromium, type Page } from 'playwright-core';
import { LINES, type Line } from '../e2e/lines';
import { PACKAGE_ROOT } from '../e2e/pack';
import { loadWorkflows, startDemo, type RunningDemo } from './demo';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1600, height: 900 };

interface Args {
	line: Line;
	tarball?: string;
	out: string;
	workflows: string[];
}

function parseArgs(argv: string[]): Args {
	const args: Args = { line: '2.x', out: join(PACKAGE_ROOT, 'workflows', 'screenshots'), workflows: [] };
	for (let i = 0; i < argv.length; i += 2) {
		const [flag, value] = [argv[i], argv[i + 1]];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		if (flag === '--line') {
			if (!(value in LINES)) throw new Error(`--line must be one of ${Object.keys(LINES).join(', ')} (got ${value})`);
			args.line = value as Line;
		} else if (flag === '--tarball') args.tarball = resolve(value);
		else if (flag === '--out') args.out = resolve(value);
		else if (flag === '--workflows') args.workflows.push(resolve(value));
		else throw new Error(`unknown option ${flag}`);
	}
	return args;
}

/** Debian's chromium, installed with apt-get if missing (as root). */
function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (sudo apt-get install -y chromium), or set CHROMIUM_PATH`);
	console.log('Installing chromium with apt-get…');
	const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	if (apt(['install', '-y', '-q', 'chromium']).status !== 0) {
		apt(['update', '-q']);
		if (apt(['install', '-y', '-q', 'chromium']).status !== 0) throw new Error('apt-get install chromium failed');
	}
	if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} does not exist`);
}

async function logIn(page: Page, demo: RunningDemo): Promise<void> {
	await page.goto(`${demo.n8n.baseUrl}/signin`);
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(demo.owner.email);
	await page.locator('input[type="password"]').first().fill(demo.owner.password);
	await page.locator('[data-test-id="form-submit-button"], button:has-text("Sign in")').first().click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/** Opens the workflow, closes what covers the canvas, fits the canvas to the window and saves the picture. */
async function capture(page: Page, demo: RunningDemo, workflowId: string, file: string): Promise<void> {
	await page.goto(`${demo.n8n.baseUrl}/workflow/${workflowId}`);
	const nodes = page.locator('[data-test-id="canvas-node"]');
	await nodes.first().waitFor({ state: 'visible', timeout: 60_000 });
	await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
	await page.waitForTimeout(1000); // the editor re-renders the canvas once the node types are loaded
	await page.keyboard.press('Escape');
	// Toasts (for example "workflow activated") and banners would cover the nodes.
	for (const close of await page.locator('.el-notification__closeBtn, [data-test-id="banner-close"], [data-test-id="banners-close-button"]').all()) {
		await close.click({ timeout: 2000 }).catch(() => undefined);
	}
	const fitted = await page
		.locator('[data-test-id="zoom-to-fit"]')
		.first()
		.click({ timeout: 10_000 })
		.then(() => true)
		.catch(() => false);
	if (!fitted) {
		await page.locator('.vue-flow__pane').first().click({ position: { x: 10, y: 10 } }).catch(() => undefined);
		await page.keyboard.press('Shift+1');
	}
	await page.mouse.move(5, VIEWPORT.height - 5);
	await page.waitForTimeout(1200); // the fit animation
	// The buttons floating over the canvas (Execute workflow, zoom controls) would cover the bottom of a tall template.
	// (A string: the DOM types are not in this project's lib.)
	await page.evaluate(`(() => {
		for (const el of document.querySelectorAll('[data-test-id="execute-workflow-button"], [data-test-id="canvas-controls"]')) {
			let group = el;
			while (group.parentElement && group.parentElement.getBoundingClientRect().width < 600) group = group.parentElement;
			group.style.visibility = 'hidden';
		}
	})()`);
	// The templates are wider than the window: keep the part of the canvas that holds them.
	const rects = (await Promise.all((await page.locator('.vue-flow__node').all()).map((n) => n.boundingBox()))).filter((r) => r && r.width > 0);
	const pane = await page.locator('.vue-flow').first().boundingBox();
	const margin = 24;
	const box =
		rects.length && pane
			? (() => {
					const x = Math.max(pane.x, Math.min(...rects.map((r) => r!.x)) - margin);
					const y = Math.max(pane.y, Math.min(...rects.map((r) => r!.y)) - margin);
					const right = Math.min(pane.x + pane.width, Math.max(...rects.map((r) => r!.x + r!.width)) + margin);
					const bottom = Math.min(pane.y + pane.height, Math.max(...rects.map((r) => r!.y + r!.height)) + margin);
					return { x, y, width: right - x, height: bottom - y };
				})()
			: undefined;
	if (!box) throw new Error(`workflow ${workflowId}: no node on the canvas`);
	await page.screenshot({ path: file, clip: box });
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	ensureChromium();
	const workflows = loadWorkflows(args.workflows.length ? args.workflows : [join(PACKAGE_ROOT, 'workflows')]);
	const workDir = mkdtempSync(join(tmpdir(), 'odoo-logistics-screenshots-'));
	const demo = await startDemo({ line: args.line, target: { kind: 'simulator' }, odooVersion: '18.0', workflows, activate: true, workDir, tarball: args.tarball });
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
	try {
		const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 2, colorScheme: 'light' });
		await logIn(page, demo);
		mkdirSync(args.out, { recursive: true });
		for (const wf of workflows) {
			const file = join(args.out, `${basename(wf.file, '.json')}.png`);
			await capture(page, demo, wf.id, file);
			console.log(`${wf.name}: ${file}`);
		}
	} finally {
		await browser.close();
		await demo.stop();
		rmSync(workDir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().then(
		() => process.exit(0),
		(error: Error) => {
			console.error(error.message);
			process.exit(1);
		},
	);
}
