import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { parseConfig, redisSchema, type RedisConfig } from './config';
import { redisConnection, redisFailure } from './stores/redisConnection';

export const REDIS_CREDENTIAL = 'odooLogisticsRedis';
const TEST_FAILED = 'The connection test failed.';

export function redisConfigOf(data: ICredentialDataDecryptedObject): RedisConfig {
	return parseConfig(redisSchema, {
		host: data.host,
		port: data.port,
		user: data.user,
		password: data.password,
		database: data.database,
		tls: data.tls,
		tlsIgnoreInvalidCert: data.tlsIgnoreInvalidCert,
	});
}

/** Credential test: connects and sends PING. The message never contains the password. */
export async function odooLogisticsRedisConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const config = redisConfigOf(credential.data ?? {});
		const client = await redisConnection(config, TEST_FAILED);
		await client.ping().catch((error: unknown) => {
			throw redisFailure(config, TEST_FAILED, error);
		});
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}
