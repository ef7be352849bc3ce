/**
 * Exception Classifier benchmark: `npx ts-node --transpile-only bench/classifier.bench.ts`.
 *
 * Signals per second through the engine with the built-in rules (target: at least 100,000), for a realistic mix and
 * per kind of signal (codes are map lookups, free text runs the regular expressions), then through the node in a real
 * n8n execution.
 */
import '../test/helpers/env';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../test/helpers/n8n';
import { bestNodeTime, runBenchmark } from './common';
import { SignalClassifier } from '../nodes/ExceptionClassifier/classifier';
import { Signal } from '../nodes/ExceptionClassifier/signal';

// Named with its extension: Node.js would otherwise resolve `ExceptionClassifier.node` to the codex file next to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ExceptionClassifier } = require('../nodes/ExceptionClassifier/ExceptionClassifier.node.ts') as typeof import('../nodes/ExceptionClassifier/ExceptionClassifier.node');

const KINDS: Record<string, Signal[]> = {
	'AfterShip codes': [
		{ tag: 'Exception', subtag: 'Exception_013' },
		{ tag: 'InTransit', subtag: 'InTransit_007' },
		{ tag: 'AttemptFail', subtag: 'AttemptFail_002' },
		{ tag: 'Delivered', subtag: 'Delivered_001' },
	],
	'EasyPost codes': [
		{ status: 'in_transit', statusDetail: 'arrived_at_facility' },
		{ status: 'failure', statusDetail: 'lost' },
		{ status: 'return_to_sender', statusDetail: 'return' },
	],
	'X12 1651 codes': [{ reasonCode: 'AS' }, { reasonCode: 'NS' }, { reasonCode: 'A1' }],
	// The event types of the Odoo Logistics Trigger's presets (older names such as stock.move.shortage are aliases).
	'Odoo events': [{ event: 'delivery.late' }, { event: 'stock.shortage' }, { event: 'receipt.overdue' }, { event: 'return.created' }],
	'free text': [
		{ text: 'Hi, my order S00042 never arrived and tracking has not moved for ten days. Can you help?' },
		{ text: 'Supplier Wood Corner says PO00017 will be delayed by two weeks because of a strike.' },
		{ text: 'Dear team, please find attached the documents for next week. Kind regards, Anna' },
		{ text: 'Your invoice INV/2025/0042 is wrong: we were charged twice for the freight.' },
	],
};

const MIX: Signal[] = Object.values(KINDS).flat();

function throughput(classifier: SignalClassifier, signals: Signal[], count: number): number {
	const run = () => {
		const start = process.hrtime.bigint();
		for (let i = 0; i < count; i++) classifier.classify(signals[i % signals.length]);
		return Number(process.hrtime.bigint() - start) / 1e9;
	};
	run();
	let fastest = Infinity;
	for (let i = 0; i < 3; i++) fastest = Math.min(fastest, run());
	return count / fastest;
}

function engineBenchmark(): void {
	const classifier = SignalClassifier.create();
	// The events must hit their event rules, or the "Odoo events" rate would measure the fall-through path.
	for (const signal of KINDS['Odoo events']) {
		const { matchedRule } = classifier.classify(signal);
		if (!matchedRule?.startsWith('odoo.event.')) throw new Error(`${signal.event} matched ${matchedRule}, not an Odoo event rule`);
	}
	const count = 1_000_000;
	console.log(`Engine: ${count} signals with the built-in rules (best of 3 after a warm-up)`);
	const mixed = throughput(classifier, MIX, count);
	console.log(`  ${'mixed sources'.padEnd(16)} ${Math.round(mixed).toLocaleString('en-US').padStart(12)} signals/s`);
	for (const [kind, signals] of Object.entries(KINDS)) {
		const rate = throughput(classifier, signals, count / 4);
		console.log(`  ${kind.padEnd(16)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} signals/s`);
	}
	console.log(`mixed sources: ${mixed >= 100_000 ? 'PASS' : 'FAIL'} (target >= 100,000 signals/s)`);
}

async function nodeBenchmark(): Promise<void> {
	const count = 100_000;
	const items: IDataObject[] = Array.from({ length: count }, (_, i) => {
		const signal = MIX[i % MIX.length];
		return {
			eventType: signal.event,
			tag: signal.tag,
			subtag: signal.subtag,
			status: signal.status,
			status_detail: signal.statusDetail,
			reason_code: signal.reasonCode,
			text: signal.text,
		};
	});
	const run = () =>
		runWorkflow({
			items,
			nodeTypes: { exceptionClassifier: new ExceptionClassifier() },
			chain: [{ name: 'Classify', type: 'exceptionClassifier', parameters: {} }],
		});
	const fastest = await bestNodeTime(run, 'Classify');
	console.log(`\nNode: ${count} items in a real n8n execution (best of 3 after a warm-up)`);
	console.log(`node execution time ${fastest} ms, ${Math.round(count / (fastest / 1000)).toLocaleString('en-US')} items/s`);
}

engineBenchmark();
runBenchmark(nodeBenchmark);
