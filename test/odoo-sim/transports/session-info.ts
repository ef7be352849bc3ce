import { createHash } from 'node:crypto';
import type { Env } from '../orm/env';
import { userKind } from '../orm/acl';

/** The web client's `session_info`, with the keys Odoo 18 returns from `/web/session/authenticate`. */
export function sessionInfo(env: Env): Record<string, unknown> {
	const user = env.user();
	const partner = user.m2o('partner_id')!;
	const company = env.rec('res.company', 1);
	const kind = userKind(env);
	const [maj, min] = env.version.split('.').map(Number);
	const settings = {
		id: user.id,
		user_id: { id: user.id },
		is_discuss_sidebar_category_channel_open: true,
		is_discuss_sidebar_category_chat_open: true,
		push_to_talk_key: false,
		use_push_to_talk: false,
		voice_active_duration: 200,
		channel_notifications: false,
		mute_until_dt: false,
		volumes: [['ADD', []]],
	};
	const view = (display: string, icon: string, multi: boolean) => ({ display_name: display, icon, multi_record: multi });
	return {
		uid: user.id,
		is_system: kind === 'admin' || kind === 'superuser',
		is_admin: kind === 'admin' || kind === 'superuser',
		is_public: false,
		is_internal_user: kind !== 'portal',
		user_context: { lang: user.get('lang') || 'en_US', tz: user.get('tz') || false, uid: user.id },
		db: env.db.name,
		user_settings: settings,
		server_version: env.version,
		server_version_info: [maj, min, 0, 'final', 0, ''],
		support_url: 'https://www.odoo.com/buy',
		name: user.str('name'),
		username: user.str('login'),
		quick_login: true,
		partner_write_date: partner.get('write_date'),
		partner_display_name: partner.displayName(),
		partner_id: partner.id,
		'web.base.url': 'http://127.0.0.1:8069',
		active_ids_limit: 20000,
		profile_session: null,
		profile_collectors: null,
		profile_params: null,
		max_file_upload_size: 134217728,
		home_action_id: false,
		cache_hashes: { translations: '0'.repeat(40), load_menus: '0'.repeat(64) },
		currencies: { '1': { symbol: '$', position: 'before', digits: [69, 2] } },
		bundle_params: { lang: 'en_US' },
		test_mode: false,
		view_info: {
			list: view('List', 'oi oi-view-list', true),
			form: view('Form', 'fa fa-address-card', false),
			graph: view('Graph', 'fa fa-area-chart', true),
			pivot: view('Pivot', 'oi oi-view-pivot', true),
			calendar: view('Calendar', 'fa fa-calendar', true),
			kanban: view('Kanban', 'oi oi-view-kanban', true),
			search: view('Search', 'oi oi-search', true),
			activity: view('Activity', 'fa fa-clock-o', true),
		},
		user_companies: {
			current_company: company.id,
			allowed_companies: {
				[company.id]: { id: company.id, name: company.str('name'), sequence: 0, child_ids: [], parent_id: false },
			},
			disallowed_ancestor_companies: {},
		},
		show_effect: true,
		display_switch_company_menu: false,
		max_time_between_keys_in_ms: 150,
		websocket_worker_version: `${env.version}-5`,
		tour_enabled: false,
		current_tour: null,
		storeData: {
			Store: {
				action_discuss_id: 126,
				channel_types_with_seen_infos: ['chat', 'group'],
				hasGifPickerFeature: false,
				hasLinkPreviewFeature: true,
				hasMessageTranslationFeature: false,
				internalUserGroupId: env.db.xmlids.get('base.group_user')?.id ?? 1,
				mt_comment_id: env.db.xmlids.get('mail.mt_comment')?.id ?? 1,
				odoobot: { id: 2, type: 'partner' },
				self: { id: partner.id, type: 'partner' },
				settings,
			},
			'res.partner': [
				{
					active: true,
					avatar_128_access_token: createHash('sha256').update(`${env.db.name}:avatar:${partner.id}`).digest('hex'),
					id: partner.id,
					isAdmin: kind === 'admin',
					isInternalUser: kind !== 'portal',
					name: partner.str('name'),
					notification_preference: 'email',
					signature: user.get('signature') || '',
					userId: user.id,
					write_date: partner.get('write_date'),
				},
			],
		},
		iap_company_enrich: true,
		can_insert_in_spreadsheet: false,
	};
}
