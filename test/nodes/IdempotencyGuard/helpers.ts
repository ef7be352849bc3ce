import { spawn } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { IdempotencyGuard } from '../../../nodes/IdempotencyGuard/IdempotencyGuard.node';
import { runWorkflow, type RunResult } from '../../helpers/n8n';
import { redisCredential } from '../../helpers/redis';

export const GUARD = 'Guard';
export const OUTPUT = { new: 0, duplicate: 1, conflict: 2 } as const;

export function tempFolder(): string {
	return mkdtempSync(join(tmpdir(), 'idempotency-'));
}

export interface GuardRun {
	items: IDataObject[];
	parameters: IDataObject;
	workflowId?: string;
	redis?: { port: number; password?: string };
	continueOnFail?: boolean;
}

/** Runs Items → Idempotency Guard through n8n's engine. */
export function runGuard(run: GuardRun): Promise<RunResult> {
	return runWorkflow({
		items: run.items,
		nodeTypes: { idempotencyGuard: new IdempotencyGuard() },
		chain: [
			{
				name: GUARD,
				type: 'idempotencyGuard',
				parameters: (run.redis ? { store: 'redis', ...run.parameters } : run.parameters) as never,
				credentials: run.redis ? ['odooLogisticsRedis'] : [],
				continueOnFail: run.continueOnFail,
			},
		],
		credentials: run.redis ? { odooLogisticsRedis: redisCredential(run.redis.port, run.redis.password) as never } : {},
		workflowId: run.workflowId,
	});
}

export function jsonOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}

/** The `_idempotency` state of each item. */
export function statesOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json._idempotency as IDataObject);
}

export type ProcessReport = IDataObject[][][][];

/** Runs `fixtures/guardProcess.ts` in a separate Node process and returns its report. */
export function runInProcess(steps: Array<GuardRun & { executions?: number }>, env: NodeJS.ProcessEnv = {}): Promise<ProcessReport> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', join(__dirname, 'fixtures', 'guardProcess.ts'), JSON.stringify({ steps })],
			{ cwd: join(__dirname, '..', '..', '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (data) => (stdout += data.toString()));
		child.stderr.on('data', (data) => (stderr += data.toString()));
		child.once('error', reject);
		child.once('exit', (code) => {
			if (code !== 0) return reject(new Error(`guard process exited with ${code}: ${stderr}`));
			resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ProcessReport);
		});
	});
}
