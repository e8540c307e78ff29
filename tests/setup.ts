// Servers started by tests log nothing unless a developer asks for it.
process.env.LOG_LEVEL ??= 'silent';
process.env.NODE_ENV ??= 'test';
