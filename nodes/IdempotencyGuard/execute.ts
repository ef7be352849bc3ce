import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { DEFAULTS, localStoreSchema, parseConfig, parseFieldList, policySchema, type Policy } from './config';
import { ExpressionFailedError, IdempotencyError, InvalidOptionError, ItemKeyError } from './errors';
import { checkAndClaim, complete, release, resolveKeys, scopeFor, type GuardPolicy, type ItemKey, type KeySource } from './guard';
import { toNodeError } from '../shared/n8n/errors';
import { claimState, completeState, failedItem, itemError, passOn, releaseState, withState } from './items';
import { fingerprintOf, parsePath } from './keys';
import { REDIS_CREDENTIAL, redisConfigOf } from './redisCredential';
import type { IdempotencyStore } from './stores/IdempotencyStore';
import { LocalStore } from './stores/LocalStore';
import { openStore } from './stores/open';

type Operation = 'checkAndClaim' | 'complete' | 'release';

const OUTPUT = { new: 0, duplicate: 1, conflict: 2 } as const;

interface Options {
	fingerprintFields?: string;
	ttlSeconds?: number;
	leaseSeconds?: number;
	maxKeys?: number;
	namespace?: string;
	forgetCompleted?: boolean;
	storeFolder?: string;
	passNewUnchanged?: boolean;
}

/** Evaluates an expression parameter per item; a failure becomes that item's error. */
function perItem(ctx: IExecuteFunctions, parameter: string, label: string): (index: number) => unknown {
	return (index) => {
		try {
			return ctx.getNodeParameter(parameter, index);
		} catch (error) {
			throw new ExpressionFailedError(label, (error as Error).message);
		}
	};
}

function keySourceOf(ctx: IExecuteFunctions): KeySource {
	const mode = ctx.getNodeParameter('keySource', 0) as 'field' | 'expression' | 'fields';
	if (mode === 'field') {
		const path = (ctx.getNodeParameter('keyField', 0) as string).trim();
		if (path === '') throw new InvalidOptionError('Invalid option: Key Field needs a field path, such as eventId');
		return { mode, path };
	}
	if (mode === 'fields') return { mode, paths: parseFieldList(ctx.getNodeParameter('keyFields', 0) as string, 'Key Fields') };
	return { mode: 'value', label: 'the Key expression', value: perItem(ctx, 'keyExpression', 'the Key expression') };
}

function guardPolicyOf(ctx: IExecuteFunctions, options: Options): GuardPolicy {
	const policy: Policy = parseConfig(policySchema, {
		ttlSeconds: options.ttlSeconds ?? DEFAULTS.ttlSeconds,
		leaseSeconds: options.leaseSeconds ?? DEFAULTS.leaseSeconds,
		namespace: options.namespace || undefined,
	});
	const workflowId = ctx.getWorkflow().id;
	if (!policy.namespace && !workflowId) {
		throw new InvalidOptionError('This workflow has no ID yet: save it, or set a Namespace');
	}
	return {
		scope: scopeFor(String(workflowId), policy.namespace),
		ttlMs: policy.ttlSeconds * 1000,
		leaseMs: policy.leaseSeconds * 1000,
	};
}

async function storeOf(ctx: IExecuteFunctions, options: Options): Promise<IdempotencyStore> {
	if (ctx.getNodeParameter('store', 0) === 'redis') {
		return openStore({ kind: 'redis', redis: redisConfigOf(await ctx.getCredentials(REDIS_CREDENTIAL)) });
	}
	if (process.env.EXECUTIONS_MODE === 'queue') {
		throw new InvalidOptionError(
			'The Local store keeps keys inside one n8n process, but n8n runs in queue mode, where executions are spread over several processes. Use the Redis store',
		);
	}
	const local = parseConfig(localStoreSchema, {
		maxKeys: options.maxKeys ?? DEFAULTS.maxKeys,
		folder: options.storeFolder ?? '',
	});
	return openStore({ kind: 'local', ...local });
}

/** Warns when the Local store had to forget keys before their TTL to stay within Max Keys. */
async function withEvictionHint<T>(ctx: IExecuteFunctions, store: IdempotencyStore, run: () => Promise<T>): Promise<T> {
	if (!(store instanceof LocalStore)) return run();
	const before = store.evicted;
	const result = await run();
	if (store.evicted > before) {
		ctx.addExecutionHints({
			message: `The Local store is full: ${store.evicted - before} older keys were forgotten before their TTL to make room, so a late duplicate of them would pass as new. Raise Max Keys.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	return result;
}

async function run(ctx: IExecuteFunctions, items: INodeExecutionData[], operation: Operation): Promise<INodeExecutionData[][]> {
	const options = ctx.getNodeParameter('options', 0, {}) as Options;
	const policy = guardPolicyOf(ctx, options);
	const keys: ItemKey[] = resolveKeys(
		items.map((item) => item.json),
		keySourceOf(ctx),
	);
	const continueOnFail = ctx.continueOnFail();
	// Reject bad keys before anything is claimed, so that a failed execution leaves no key behind.
	const firstBad = keys.findIndex((key) => key instanceof ItemKeyError);
	if (firstBad >= 0 && !continueOnFail) throw itemError(ctx.getNode(), keys[firstBad] as ItemKeyError, firstBad);

	const store = await storeOf(ctx, options);
	const outputs: INodeExecutionData[][] = operation === 'checkAndClaim' ? [[], [], []] : [[]];
	const errors = outputs[outputs.length - 1];
	const fail = (index: number, error: ItemKeyError) => {
		const nodeError = itemError(ctx.getNode(), error, index);
		if (!continueOnFail) throw nodeError;
		errors.push(failedItem(items[index], index, nodeError));
	};

	if (operation === 'checkAndClaim') {
		const fingerprintFields = options.fingerprintFields?.trim()
			? parseFieldList(options.fingerprintFields, 'Fingerprint Fields').map(parsePath)
			: undefined;
		const fingerprints = fingerprintFields && items.map((item) => fingerprintOf(item.json, fingerprintFields));
		const claims = await withEvictionHint(ctx, store, () => checkAndClaim(store, keys, fingerprints, policy));
		const newUnchanged = options.passNewUnchanged === true;
		claims.forEach((claim, index) => {
			if (claim instanceof ItemKeyError) return fail(index, claim);
			outputs[OUTPUT[claim.outcome]].push(
				newUnchanged && claim.outcome === 'new'
					? passOn(items[index], index)
					: withState(items[index], index, claimState(policy.scope, claim, fingerprints?.[index])),
			);
		});
	} else if (operation === 'complete') {
		const resultExpression = ctx.getNode().parameters.resultReference;
		const results =
			typeof resultExpression === 'string' && resultExpression.trim() !== ''
				? { label: 'Result Reference', value: perItem(ctx, 'resultReference', 'Result Reference') }
				: undefined;
		const completed = await complete(store, keys, results, policy);
		completed.forEach((item, index) => {
			if (item instanceof ItemKeyError) return fail(index, item);
			outputs[0].push(withState(items[index], index, completeState(policy.scope, item)));
		});
	} else {
		const released = await release(store, keys, policy.scope, options.forgetCompleted === true);
		released.forEach((item, index) => {
			if (item instanceof ItemKeyError) return fail(index, item);
			outputs[0].push(withState(items[index], index, releaseState(policy.scope, item)));
		});
	}
	return outputs;
}

/**
 * The input items in a plain array of this realm. n8n 1.x with task runners off hands a Code node's output over as a
 * vm2 sandbox proxy, on which every array method (`map`, `forEach`, ...) crosses the sandbox bridge per element: about
 * 40 µs an item, more than the guard's own work. Reading it once by index costs one property read an item.
 */
function ownArray<T>(items: readonly T[]): T[] {
	const count = items.length;
	const own = new Array<T>(count);
	for (let index = 0; index < count; index++) own[index] = items[index];
	return own;
}

/**
 * Runs one operation on the whole input batch. With "continue on fail", failed items go to the last output (Conflict
 * for Check & Claim), never to New; n8n moves them to the error output when the node has one.
 */
export async function executeGuard(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ownArray(this.getInputData());
	const operation = this.getNodeParameter('operation', 0) as Operation;
	try {
		return await run(this, items, operation);
	} catch (error) {
		const failure =
			error instanceof NodeOperationError
				? error
				: error instanceof IdempotencyError
					? toNodeError(this.getNode(), error)
					: new NodeOperationError(this.getNode(), error as Error);
		if (!this.continueOnFail()) throw failure;
		const outputs: INodeExecutionData[][] = operation === 'checkAndClaim' ? [[], [], []] : [[]];
		outputs[outputs.length - 1] = items.map((item, index) => failedItem(item, index, failure));
		return outputs;
	}
}
