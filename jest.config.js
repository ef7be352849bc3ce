/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
	},
	testTimeout: 30000,
	// n8n-core keeps process-wide handles (instance settings, expression engine pool) open after a workflow run.
	forceExit: true,
	setupFiles: ['<rootDir>/test/helpers/env.ts'],
	// The e2e suites against a real n8n install have their own runner (test/e2e); keep them out of jest's default run.
	testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/e2e/'],
};
