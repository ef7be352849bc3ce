// Quiet, deterministic n8n-core settings for in-process workflow runs.
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'true';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
