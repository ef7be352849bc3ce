import { TAXONOMY_VERSION } from '../../../nodes/ExceptionClassifier/taxonomy';

/** The full decision for an AfterShip signal with subtag Exception_013 (a lost shipment), as the built-in rules make it. */
export const LOST_SHIPMENT_DECISION = {
	category: 'lost',
	label: 'Lost shipment',
	group: 'carrier',
	severity: 'critical',
	confidence: 0.95,
	ownerTeam: 'logistics',
	action: 'Open a claim with the carrier and reship the order',
	needsHuman: true,
	matchedRule: 'aftership.subtag.Exception_013',
	reason: 'AfterShip subtag "Exception_013": shipment lost',
	taxonomyVersion: TAXONOMY_VERSION,
};
