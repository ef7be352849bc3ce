import { DayArray, MINUTE_MS } from './dayArray';
import { isoWeekday, ZonedDays } from './timeZone';

export interface CarrierCutoffSpec {
	/** How the cut-off is named in reasons: `DHL Express 16:00 Europe/Berlin`. */
	label: string;
	/** Minutes past local midnight. */
	minute: number;
	/** ISO weekdays on which the carrier collects. */
	days: ReadonlySet<number>;
	/** Local day numbers on which the carrier does not collect. */
	holidays: ReadonlySet<number>;
	/** Wall-clock time from hand-over to delivery, in minutes. */
	transitMinutes: number;
}

/** Carriers collect at least weekly; holidays longer than this would be a data error. */
const MAX_SEARCH_DAYS = 400;

/** The daily cut-off of one carrier, in the carrier's own time zone. */
export class CarrierCutoff {
	private readonly cutoffs = new DayArray<number>((day) =>
		this.spec.days.has(isoWeekday(day)) && !this.spec.holidays.has(day) ? this.zone.at(day, this.spec.minute) : NaN,
	);

	constructor(
		readonly spec: CarrierCutoffSpec,
		readonly zone: ZonedDays,
	) {}

	/**
	 * The last cut-off that still meets `promise`: the latest collection at or before the promise minus the transit
	 * time. `NaN` if there is none in the preceding year.
	 */
	latestFor(promise: number): number {
		const limit = promise - this.spec.transitMinutes * MINUTE_MS;
		let day = this.zone.dayOf(limit);
		for (let searched = 0; searched < MAX_SEARCH_DAYS; searched++, day--) {
			const cutoff = this.cutoffs.get(day);
			if (cutoff <= limit) return cutoff;
		}
		return NaN;
	}
}
