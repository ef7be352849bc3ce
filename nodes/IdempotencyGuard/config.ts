import { isAbsolute } from 'path';
import { z, type ZodError } from 'zod';
import { InvalidOptionError } from './errors';

const DAY_SECONDS = 86_400;

export const DEFAULTS = {
	ttlSeconds: DAY_SECONDS,
	leaseSeconds: 600,
	maxKeys: 100_000,
} as const;

/** Option labels as the node shows them, so that a validation message names what the user sees. */
const LABELS: Record<string, string> = {
	ttlSeconds: 'Key TTL (Seconds)',
	leaseSeconds: 'Lease (Seconds)',
	namespace: 'Namespace',
	maxKeys: 'Max Keys',
	folder: 'Store Folder',
	host: 'Host',
	port: 'Port',
	database: 'Database Number',
};

/** A Guard namespace; the trigger's re-delivery names the same one. */
export const namespaceSchema = z
	.string()
	.trim()
	.regex(/^[A-Za-z0-9_.-]{0,100}$/, 'may hold only letters, digits, "_", "." and "-" (at most 100)');

/** The Local store's folder; the trigger's re-delivery opens the same store. */
export const storeFolderSchema = z.string().trim().refine((folder) => folder === '' || isAbsolute(folder), 'must be an absolute path, or empty for the n8n user folder');

export const policySchema = z
	.object({
		ttlSeconds: z.number().int('must be a whole number').min(1, 'must be at least 1').max(365 * DAY_SECONDS, 'must be at most 365 days'),
		leaseSeconds: z.number().min(1, 'must be at least 1 second'),
		namespace: namespaceSchema.optional(),
	})
	.refine((policy) => policy.leaseSeconds <= policy.ttlSeconds, {
		path: ['leaseSeconds'],
		message: `must not exceed ${LABELS.ttlSeconds}`,
	});

export const localStoreSchema = z.object({
	maxKeys: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000_000, 'must be at most 10,000,000'),
	folder: storeFolderSchema,
});

export const redisSchema = z.object({
	host: z.string().trim().min(1, 'is required'),
	port: z.number().int().min(1).max(65_535),
	user: z.string().default(''),
	password: z.string().default(''),
	database: z.number().int('must be a whole number').min(0, 'must be 0 or more'),
	tls: z.boolean().default(false),
	tlsIgnoreInvalidCert: z.boolean().default(false),
});

export type Policy = z.infer<typeof policySchema>;
export type LocalStoreConfig = z.infer<typeof localStoreSchema>;
export type RedisConfig = z.infer<typeof redisSchema>;

/** Splits a comma-separated list of field paths; `label` names the option in the error when none is given. */
export function parseFieldList(raw: string, label: string): string[] {
	const fields = raw
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field !== '');
	if (fields.length === 0) throw new InvalidOptionError(`Invalid option: ${label} needs at least one field path`);
	return fields;
}

function describe(error: ZodError): string {
	return error.issues
		.map((issue) => {
			const field = String(issue.path[0] ?? '');
			return `${LABELS[field] ?? field} ${issue.message}`;
		})
		.join('; ');
}

/** Validates `raw` with `schema`; the error message names the option as the node shows it and never echoes values. */
export function parseConfig<T extends z.ZodTypeAny>(schema: T, raw: unknown): z.infer<T> {
	const parsed = schema.safeParse(raw);
	if (!parsed.success) throw new InvalidOptionError(`Invalid option: ${describe(parsed.error)}`);
	return parsed.data;
}
