/**
 * Public API of n8n-nodes-odoo-logistics: the n8n node and credential classes, the Odoo client and the engines, usable
 * without n8n.
 */
export { OdooLogisticsApi } from './credentials/OdooLogisticsApi.credentials';
