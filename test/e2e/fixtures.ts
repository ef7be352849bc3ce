import { readFileSync } from 'fs';
import { join } from 'path';
import type { WorkflowFixture } from './n8n-instance';

/** `test/e2e/fixtures/<name>.json`. */
export function readWorkflow(name: string): WorkflowFixture {
	return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as WorkflowFixture;
}
