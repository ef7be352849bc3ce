/**
 * Public API of n8n-nodes-odoo-logistics: the n8n node and credential classes, the Odoo client and the engines, usable
 * without n8n.
 */
export { ApprovalRouterSigningKey } from './credentials/ApprovalRouterSigningKey.credentials';
export { OdooLogisticsApi } from './credentials/OdooLogisticsApi.credentials';
export { OdooLogisticsRedis } from './credentials/OdooLogisticsRedis.credentials';

export * from './nodes/shared/odoo';
export { OdooLogistics } from './nodes/OdooLogistics/OdooLogistics.node';
export { OdooLogisticsTrigger } from './nodes/OdooLogisticsTrigger/OdooLogisticsTrigger.node';

export { IdempotencyGuard } from './nodes/IdempotencyGuard/IdempotencyGuard.node';
export {
	checkAndClaim,
	complete as completeKeys,
	release as releaseKeys,
	resolveKeys,
	scopeFor,
} from './nodes/IdempotencyGuard/guard';
export type { GuardPolicy, KeySource } from './nodes/IdempotencyGuard/guard';
export type { IdempotencyStore } from './nodes/IdempotencyGuard/stores/IdempotencyStore';
export type { IdempotencyRecord } from './nodes/IdempotencyGuard/record';
export { LocalStore } from './nodes/IdempotencyGuard/stores/LocalStore';
export { RedisStore } from './nodes/IdempotencyGuard/stores/RedisStore';
export * from './nodes/IdempotencyGuard/errors';

export { SlaPrioritizer } from './nodes/SlaPrioritizer/SlaPrioritizer.node';
export { SlaPolicy, SlaPolicyError, slaPolicySchema, type SlaPolicyInput } from './nodes/SlaPrioritizer/policy';
export {
	prioritize,
	SLA_STATUSES,
	SlaRanking,
	type SlaAssessment,
	type SlaItemError,
	type PrioritizeOptions,
} from './nodes/SlaPrioritizer/sla';

export { ExceptionClassifier } from './nodes/ExceptionClassifier/ExceptionClassifier.node';
export { SignalClassifier, type Classification } from './nodes/ExceptionClassifier/classifier';
export { SignalReader, DEFAULT_SIGNAL_FIELDS, type Signal } from './nodes/ExceptionClassifier/signal';
export { TAXONOMY, TAXONOMY_VERSION, taxonomySchema } from './nodes/ExceptionClassifier/taxonomy';
export { BUILT_IN_RULES } from './nodes/ExceptionClassifier/rules';
export { RuleConfigurationError, userRuleSchema } from './nodes/ExceptionClassifier/userRules';

export { ApprovalRouter } from './nodes/ApprovalRouter/ApprovalRouter.node';
export { compilePolicy, ApprovalPolicy } from './nodes/ApprovalRouter/policy';
export { PolicyError } from './nodes/ApprovalRouter/schema';
export { Decider } from './nodes/ApprovalRouter/decision';
