import { OdooError } from '../../../../../nodes/shared/odoo';

/** The OdooError the promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<OdooError> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(OdooError);
	return error as OdooError;
}
