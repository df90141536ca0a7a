export * from './port';
export * from './jid';
export * from './message-id';
