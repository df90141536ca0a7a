export * from './port';
export * from './jid';
